/* No Py_mod_gil slot: importing it turns the GIL back on in a free-threaded interpreter. */
#include <Python.h>

static PyObject *
twice(PyObject *module, PyObject *arg)
{
    return PyNumber_Add(arg, arg);
}

static PyMethodDef legacy_methods[] = {
    {"twice", twice, METH_O, NULL},
    {NULL, NULL, 0, NULL}
};

static PyModuleDef_Slot legacy_slots[] = {
    {0, NULL}
};

static struct PyModuleDef legacy_def = {
    PyModuleDef_HEAD_INIT, "_legacy", NULL, 0, legacy_methods, legacy_slots,
};

PyMODINIT_FUNC
PyInit__legacy(void)
{
    return PyModuleDef_Init(&legacy_def);
}
