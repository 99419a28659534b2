/* FT301: the goto-error shape: the cleanup label releases the new reference. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "ftmigrate_compat.h"

static PyObject *settings;   /* module-level dict read by every call */

static PyObject *
render(PyObject *module, PyObject *key)
{
    PyObject *prefix, *value = NULL, *result = NULL;

    prefix = PyUnicode_FromString("value: ");
    if (prefix == NULL) {
        goto error;
    }
    if (PyDict_GetItemRef(settings, key, &value) < 0) {
        goto error;
    }
    if (value == NULL) {
        if (!PyErr_Occurred()) {
            PyErr_SetObject(PyExc_KeyError, key);
        }
        goto error;
    }
    if (!PyUnicode_Check(value)) {
        PyErr_SetString(PyExc_TypeError, "settings values are strings");
        goto error;
    }
    result = PyUnicode_Concat(prefix, value);
    if (result == NULL) {
        goto error;
    }
    Py_DECREF(prefix);
    Py_DECREF(value);
    return result;

error:
    Py_XDECREF(value);
    Py_XDECREF(prefix);
    return NULL;
}

static PyMethodDef fx_methods[] = {
    {"render", render, METH_O, NULL},
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

/* Run-time registration keeps `settings` mutable shared state (an init-only dict would be frozen). */
static PyObject *
register_settings(PyObject *module, PyObject *args)
{
    PyObject *key, *value;
    if (!PyArg_ParseTuple(args, "OO", &key, &value) || PyDict_SetItem(settings, key, value) < 0) {
        return NULL;
    }
    Py_RETURN_NONE;
}
