#include <Python.h>

static long calls;

static PyObject *ping(PyObject *m, PyObject *unused) {
    calls++;
    Py_RETURN_NONE;
}

static PyMethodDef other_methods[] = {{"ping", ping, METH_NOARGS, NULL}, {NULL}};
static struct PyModuleDef other = {PyModuleDef_HEAD_INIT, .m_name = "other", .m_methods = other_methods};

PyMODINIT_FUNC PyInit_other(void) { return PyModule_Create(&other); }
