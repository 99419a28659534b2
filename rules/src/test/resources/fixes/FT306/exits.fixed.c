/* FT306: PyDict_Next loops over a shared dict, with early returns and a goto error inside. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "ftmigrate_compat.h"

static PyObject *registry;   /* module-level dict, written by register() */

static PyObject *
names(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    PyObject *key, *value, *out;
    Py_ssize_t pos = 0;

    out = PyList_New(0);
    if (out == NULL) {
        return NULL;
    }
    Py_BEGIN_CRITICAL_SECTION(registry);
    while (PyDict_Next(registry, &pos, &key, &value)) {
        if (!PyUnicode_Check(key)) {
            PyErr_SetString(PyExc_TypeError, "names are strings");
            Py_DECREF(out);
            out = NULL;
            goto done;
        }
        if (PyList_Append(out, key) < 0) {
            Py_DECREF(out);
            out = NULL;
            goto done;
        }
    }
done: ;
    Py_END_CRITICAL_SECTION();
    return out;
}

static PyObject *
count_callable(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    PyObject *key, *value;
    Py_ssize_t pos = 0, n = 0;
    PyObject *result = NULL;

    Py_BEGIN_CRITICAL_SECTION(registry);
    while (PyDict_Next(registry, &pos, &key, &value)) {
        int ok = PyCallable_Check(value);
        if (ok < 0) {
            goto error;
        }
        n += ok;
    }
    result = PyLong_FromSsize_t(n);
error:
    Py_END_CRITICAL_SECTION();
    return result;
}

static PyObject *
total(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    PyObject *key, *value;
    Py_ssize_t pos = 0;
    double sum = 0.0;

    Py_BEGIN_CRITICAL_SECTION(registry);
    while (PyDict_Next(registry, &pos, &key, &value)) {
        if (PyFloat_Check(value)) {
            sum += PyFloat_AS_DOUBLE(value);
        }
    }
    Py_END_CRITICAL_SECTION();
    return PyFloat_FromDouble(sum);
}

static PyObject *
register_name(PyObject *module, PyObject *args)
{
    PyObject *name, *value;
    if (!PyArg_ParseTuple(args, "UO", &name, &value)) {
        return NULL;
    }
    if (PyDict_SetItem(registry, name, value) < 0) {
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyMethodDef fx_methods[] = {
    {"names", names, METH_NOARGS, NULL},
    {"count_callable", count_callable, METH_NOARGS, NULL},
    {"total", total, METH_NOARGS, NULL},
    {"register", register_name, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static int
fx_exec(PyObject *module)
{
    registry = PyDict_New();
    return registry == NULL ? -1 : 0;
}

static PyModuleDef_Slot fx_slots[] = {
    {Py_mod_exec, fx_exec},
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
