/* FT201: multi-phase without any slot array (designated initialisers): one is added. */
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
    PyModuleDef_HEAD_INIT,
    .m_name = "fx",
    .m_size = 0,
    .m_methods = fx_methods,
};

PyMODINIT_FUNC
PyInit_fx(void)
{
    return PyModuleDef_Init(&fx_module);
}
