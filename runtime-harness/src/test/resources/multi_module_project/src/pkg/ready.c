/* Declares that it runs without the GIL. */
#include <Python.h>

static PyObject *
answer(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    return PyLong_FromLong(42);
}

static PyMethodDef ready_methods[] = {
    {"answer", answer, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static PyModuleDef_Slot ready_slots[] = {
#ifdef Py_mod_gil
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
#endif
    {0, NULL}
};

static struct PyModuleDef ready_def = {
    PyModuleDef_HEAD_INIT, "_ready", NULL, 0, ready_methods, ready_slots,
};

PyMODINIT_FUNC
PyInit__ready(void)
{
    return PyModuleDef_Init(&ready_def);
}
