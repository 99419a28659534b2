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

static PyModuleDef_Slot fx_module_slots[] = {
#if PY_VERSION_HEX >= 0x030D0000
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
#endif
    {0, NULL}
};

static struct PyModuleDef fx_module = {
    PyModuleDef_HEAD_INIT, "fx", NULL, 0, fx_methods, fx_module_slots, NULL, NULL, NULL
};

PyMODINIT_FUNC
PyInit_fx(void)
{
    return PyModuleDef_Init(&fx_module);
}
