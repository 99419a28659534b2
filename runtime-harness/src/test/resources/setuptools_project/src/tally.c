/* Test fixture: a setuptools-built extension with a static counter (the racy_counter hazard, one function). */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static long long count = 0;

static PyObject *
bump(PyObject *m, PyObject *Py_UNUSED(ignored))
{
    count++;
    return PyLong_FromLongLong(count);
}

static PyObject *
value(PyObject *m, PyObject *Py_UNUSED(ignored))
{
    return PyLong_FromLongLong(count);
}

static PyMethodDef methods[] = {
    {"bump", bump, METH_NOARGS, NULL},
    {"value", value, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static PyModuleDef_Slot slots[] = {
#if PY_VERSION_HEX >= 0x030D0000
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
#endif
    {0, NULL}
};

static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "tally", NULL, 0, methods, slots};

PyMODINIT_FUNC
PyInit_tally(void)
{
    return PyModuleDef_Init(&def);
}
