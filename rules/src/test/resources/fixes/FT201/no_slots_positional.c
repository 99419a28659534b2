/* FT201: multi-phase without any slot array (positional, m_slots NULL): one is added. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *
ping(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    return PyUnicode_FromString("pong");
}

static PyMethodDef fx_methods[] = {
    {"ping", ping, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef fx_module = {
    PyModuleDef_HEAD_INIT, "fx", NULL, 0, fx_methods, NULL, NULL, NULL, NULL
};

PyMODINIT_FUNC
PyInit_fx(void)
{
    return PyModuleDef_Init(&fx_module);
}
