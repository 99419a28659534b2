#include <Python.h>

static long calls;

static PyObject *
count(PyObject *self, PyObject *unused)
{
    calls++;
    return PyLong_FromLong(calls);
}

static PyMethodDef methods[] = {
    {"count", count, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static PyModuleDef_Slot slots[] = {
    {0, NULL}
};

static struct PyModuleDef def = {
    PyModuleDef_HEAD_INIT, "counter", NULL, 0, methods, slots,
};

PyMODINIT_FUNC
PyInit_counter(void)
{
    return PyModuleDef_Init(&def);
}
