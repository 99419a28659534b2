/* FT305: interning through a shared dict. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "ftmigrate_compat.h"

static PyObject *interned;   /* shared dict */

static PyObject *
intern_name(PyObject *module, PyObject *name)
{
    PyObject *canonical;
    if (PyDict_SetDefaultRef(interned, name, name, &canonical) < 0) {
        return NULL;
    }

    return canonical;
}

static int
remember(PyObject *key, PyObject *dflt)
{
    PyObject *v;
    if (PyDict_SetDefaultRef(interned, key, dflt, &v) < 0) {
        return -1;
    }
    if (v == NULL) {
        return -1;
    }
    int result = v == dflt;
    Py_DECREF(v);
    return result;
}

static PyObject *
remember_py(PyObject *module, PyObject *args)
{
    PyObject *key, *dflt;
    if (!PyArg_ParseTuple(args, "OO", &key, &dflt)) {
        return NULL;
    }
    int r = remember(key, dflt);
    return r < 0 ? NULL : PyBool_FromLong(r);
}

static PyMethodDef fx_methods[] = {
    {"intern_name", intern_name, METH_O, NULL},
    {"remember", remember_py, METH_VARARGS, NULL},
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
