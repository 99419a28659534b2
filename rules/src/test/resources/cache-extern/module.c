#include <Python.h>
#include "state.h"

static PyObject *
hit(PyObject *self, PyObject *unused)
{
    hits++;
    return PyLong_FromLong(hits_total());
}

static PyMethodDef methods[] = {
    {"hit", hit, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef def = {
    PyModuleDef_HEAD_INIT, "hitter", NULL, 0, methods,
};

PyMODINIT_FUNC
PyInit_hitter(void)
{
    return PyModule_Create(&def);
}
