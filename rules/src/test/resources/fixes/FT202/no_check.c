/* FT202: no NULL check after PyModule_Create: the declaration checks the module itself. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyMethodDef bare_methods[] = {
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef bare_module = {
    PyModuleDef_HEAD_INIT, "bare", NULL, -1, bare_methods
};

PyMODINIT_FUNC
PyInit_bare(void)
{
    PyObject *m = PyModule_Create(&bare_module);
    PyModule_AddIntConstant(m, "ANSWER", 42);
    return m;
}
