/* FT301: inside loops: continue with nothing held, break and the end of the body release. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "ftmigrate_compat.h"

static PyObject *table;   /* shared dict */

static PyObject *
count_known(PyObject *module, PyObject *names)
{
    Py_ssize_t found = 0;

    if (!PyTuple_Check(names)) {
        PyErr_SetString(PyExc_TypeError, "expected a tuple");
        return NULL;
    }
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(names); i++) {
        PyObject *v;
        if (PyDict_GetItemRef(table, PyTuple_GET_ITEM(names, i), &v) < 0) {
            return NULL;
        }
        if (v == NULL) {
            if (PyErr_Occurred()) {
                return NULL;
            }
            continue;
        }
        if (v == Py_None) {
            Py_DECREF(v);
            break;
        }
        if (PyObject_IsTrue(v) < 0) {
            Py_DECREF(v);
            return NULL;
        }
        found++;
        Py_DECREF(v);
    }
    return PyLong_FromSsize_t(found);
}

static PyMethodDef fx_methods[] = {
    {"count_known", count_known, METH_O, NULL},
    {NULL, NULL, 0, NULL}
};

static PyModuleDef_Slot fx_slots[] = {
#if PY_VERSION_HEX >= 0x030D0000
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
#endif
    {0, NULL}
};

static struct PyModuleDef fx_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "fx",
    .m_size = 0,
    .m_methods = fx_methods,
    .m_slots = fx_slots,
};

PyMODINIT_FUNC
PyInit_fx(void)
{
    return PyModuleDef_Init(&fx_module);
}

/* Run-time registration keeps `table` mutable shared state (an init-only dict would be frozen). */
static PyObject *
register_table(PyObject *module, PyObject *args)
{
    PyObject *key, *value;
    if (!PyArg_ParseTuple(args, "OO", &key, &value) || PyDict_SetItem(table, key, value) < 0) {
        return NULL;
    }
    Py_RETURN_NONE;
}
