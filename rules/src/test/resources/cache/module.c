#include <Python.h>
#include "counter.h"

static PyObject *
tick(PyObject *self, PyObject *unused)
{
    return PyLong_FromLong(counter_bump());
}

static PyMethodDef methods[] = {
    {"tick", tick, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef def = {
    PyModuleDef_HEAD_INIT, "ticker", NULL, 0, methods,
};

PyMODINIT_FUNC
PyInit_ticker(void)
{
    return PyModule_Create(&def);
}
