/* FT202: the NULL check leaves through the module's own error macro (a Python 2/3 era shape). */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#define INITERROR return NULL

static PyMethodDef legacy_methods[] = {
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef legacy_module = {
    PyModuleDef_HEAD_INIT, "legacy", NULL, -1, legacy_methods
};

PyMODINIT_FUNC
PyInit_legacy(void)
{
    PyObject *module;

    module = PyModule_Create(&legacy_module);
    if (module == NULL)
        INITERROR;
    if (PyModule_AddIntConstant(module, "VERSION", 2) < 0) {
        Py_DECREF(module);
        INITERROR;
    }
    return module;
}
