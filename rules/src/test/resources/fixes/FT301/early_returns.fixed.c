/* FT301: a lookup with a fallback key, the value returned to the caller (early returns). */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "ftmigrate_compat.h"

static PyObject *registry;   /* name -> handler, shared by every thread */

static PyObject *
lookup(PyObject *module, PyObject *name)
{
    PyObject *handler;
    if (PyDict_GetItemRef(registry, name, &handler) < 0) {
        return NULL;
    }

    if (handler == NULL) {
        if (PyDict_GetItemStringRef(registry, "default", &handler) < 0) {
            return NULL;
        }
        if (handler == NULL) {
            PyErr_Format(PyExc_LookupError, "no handler for %R", name);
            return NULL;
        }
    }
    return handler;
}

/* The value is only used: released before each return, the result kept in a temporary. */
static PyObject *
describe(PyObject *module, PyObject *name)
{
    PyObject *handler;
    if (PyDict_GetItemRef(registry, name, &handler) < 0) {
        return NULL;
    }
    if (handler == NULL) {
        if (!PyErr_Occurred()) {
            PyErr_SetObject(PyExc_KeyError, name);
        }
        return NULL;
    }
    if (!PyCallable_Check(handler)) {
        PyErr_SetString(PyExc_TypeError, "handler is not callable");
        Py_DECREF(handler);
        return NULL;
    }
    PyObject *result = PyObject_Repr(handler);
    Py_DECREF(handler);
    return result;
}

/* int convention: -1 on error. */
static int
has_handler(PyObject *name)
{
    PyObject *handler;
    if (PyDict_GetItemRef(registry, name, &handler) < 0) {
        return -1;
    }
    if (handler == NULL) {
        return 0;
    }
    if (handler == Py_None) {
        Py_DECREF(handler);
        return -1;
    }
    Py_DECREF(handler);
    return 1;
}

static PyObject *
has(PyObject *module, PyObject *name)
{
    int r = has_handler(name);
    if (r < 0) {
        return NULL;
    }
    return PyBool_FromLong(r);
}

static PyMethodDef fx_methods[] = {
    {"lookup", lookup, METH_O, NULL},
    {"describe", describe, METH_O, NULL},
    {"has", has, METH_O, NULL},
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

/* Run-time registration keeps `registry` mutable shared state (an init-only dict would be frozen). */
static PyObject *
register_registry(PyObject *module, PyObject *args)
{
    PyObject *key, *value;
    if (!PyArg_ParseTuple(args, "OO", &key, &value) || PyDict_SetItem(registry, key, value) < 0) {
        return NULL;
    }
    Py_RETURN_NONE;
}
