#include <Python.h>

/* A borrowed value from a shared dict, kept with an INCREF: the fix is PyDict_GetItemRef, which
 * older Pythons get from a compat header. */
static PyObject *registry;

static PyObject *
find(PyObject *self, PyObject *key)
{
    PyObject *v = PyDict_GetItem(registry, key);
    if (v == NULL) {
        Py_RETURN_NONE;
    }
    Py_INCREF(v);
    return v;
}

static PyObject *
put(PyObject *self, PyObject *args)
{
    PyObject *key, *value;
    if (!PyArg_ParseTuple(args, "OO", &key, &value) || PyDict_SetItem(registry, key, value) < 0) {
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"find", find, METH_O, NULL},
    {"put", put, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef def = {
    PyModuleDef_HEAD_INIT, "lookup", NULL, 0, methods,
};

PyMODINIT_FUNC
PyInit_lookup(void)
{
    registry = PyDict_New();
    return PyModule_Create(&def);
}
