/* FT301: the most common shape, a borrowed item made strong at once by Py_INCREF/Py_XINCREF:
   PyDict_GetItemRef gives the strong reference itself, the INCREF goes, and no release is added. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *registry;

static PyObject *
lookup(PyObject *self, PyObject *key)
{
    PyObject *v;

    v = PyDict_GetItem(registry, key);
    if (v == NULL) {
        Py_RETURN_NONE;
    }
    Py_INCREF(v);
    return v;
}

static PyObject *
describe(PyObject *self, PyObject *key)
{
    PyObject *v, *r;

    v = PyDict_GetItem(registry, key);
    if (v == NULL)
        return PyUnicode_FromString("none");
    Py_INCREF(v);
    r = PyObject_Repr(v);
    Py_DECREF(v);
    return r;
}

static PyObject *
fetch_or_default(PyObject *self, PyObject *key)
{
    PyObject *v = PyDict_GetItem(registry, key);
    Py_XINCREF(v);
    if (v == NULL) {
        Py_RETURN_NONE;
    }
    return v;
}

static PyObject *
replace(PyObject *self, PyObject *args)
{
    PyObject *key, *value;
    if (!PyArg_ParseTuple(args, "OO", &key, &value)) return NULL;
    if (PyDict_SetItem(registry, key, value) < 0) return NULL;
    Py_RETURN_NONE;
}

static PyMethodDef m_methods[] = {
    {"lookup", lookup, METH_O, NULL},
    {"describe", describe, METH_O, NULL},
    {"fetch_or_default", fetch_or_default, METH_O, NULL},
    {"replace", replace, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL}
};
