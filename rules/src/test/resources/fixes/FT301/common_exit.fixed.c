/* FT301: functions with one common exit that releases everything: the new reference is released
   there once, and the new error path jumps to it (the result variable is still NULL there). */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "ftmigrate_compat.h"

static PyObject *handlers;   /* dict of name -> callable, replaced at run time */

static PyObject *
dispatch(PyObject *module, PyObject *args)
{
    PyObject *name, *arg, *handler = NULL, *tmp = NULL, *rval = NULL;

    if (!PyArg_ParseTuple(args, "UO", &name, &arg)) {
        goto bail;
    }
    tmp = PyTuple_Pack(1, arg);
    if (tmp == NULL) {
        goto bail;
    }
    if (PyDict_GetItemRef(handlers, name, &handler) < 0) {
        goto bail;
    }
    if (handler == NULL) {
        if (!PyErr_Occurred()) {
            PyErr_SetObject(PyExc_KeyError, name);
        }
        goto bail;
    }
    rval = PyObject_Call(handler, tmp, NULL);
bail:
    Py_XDECREF(handler);
    Py_XDECREF(tmp);
    return rval;
}

static int
install(PyObject *module, PyObject *name, PyObject *fallback)
{
    int ret = -1;
    PyObject *current = NULL;

    if (!PyUnicode_Check(name)) {
        PyErr_SetString(PyExc_TypeError, "names are strings");
        goto error;
    }
    if (PyDict_GetItemRef(handlers, name, &current) < 0) {
        goto error;
    }
    if (current == NULL) {
        if (!PyErr_Occurred()) {
            PyErr_SetObject(PyExc_KeyError, name);
        }
        goto error;
    }
    Py_INCREF(current);
    if (PyObject_SetAttr(module, name, current) < 0) {
        Py_DECREF(current);
        goto error;
    }
    Py_DECREF(current);
    ret = 0;
error:
    Py_XDECREF(current);
    return ret;
}

static PyObject *
install_all(PyObject *module, PyObject *name)
{
    if (install(module, name, Py_None) < 0) {
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyObject *
set_handler(PyObject *module, PyObject *args)
{
    PyObject *name, *h;
    if (!PyArg_ParseTuple(args, "UO", &name, &h) || PyDict_SetItem(handlers, name, h) < 0) {
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyMethodDef fx_methods[] = {
    {"dispatch", dispatch, METH_VARARGS, NULL},
    {"install_all", install_all, METH_O, NULL},
    {"set_handler", set_handler, METH_VARARGS, NULL},
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

