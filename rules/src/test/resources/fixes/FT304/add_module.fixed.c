/* FT304: PyImport_AddModule in a single-phase init with goto error, and in a method. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "ftmigrate_compat.h"

static PyObject *
run(PyObject *self, PyObject *args)
{
    const char *code;
    PyObject *main_module, *globals, *res;

    if (!PyArg_ParseTuple(args, "s", &code)) {
        return NULL;
    }
    main_module = PyImport_AddModuleRef("__main__");
    if (main_module == NULL) {
        return NULL;
    }
    globals = PyModule_GetDict(main_module);
    res = PyRun_String(code, Py_file_input, globals, globals);
    if (res == NULL) {
        Py_DECREF(main_module);
        return NULL;
    }
    Py_DECREF(res);
    if (PyObject_HasAttrString(main_module, "result")) {
        PyObject *result = PyObject_GetAttrString(main_module, "result");
        Py_DECREF(main_module);
        return result;
    }
    Py_DECREF(main_module);
    Py_RETURN_NONE;
}

static PyMethodDef fx_methods[] = {
    {"run", run, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef fx_module = {
    PyModuleDef_HEAD_INIT, "fx", NULL, -1, fx_methods
};

PyMODINIT_FUNC
PyInit_fx(void)
{
    PyObject *m, *constants;

    m = PyModule_Create(&fx_module);
    if (m == NULL) {
        return NULL;
    }
#ifdef Py_GIL_DISABLED
    PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED);
#endif
    constants = PyImport_AddModuleRef("fx.constants");
    if (constants == NULL) {
        goto error;
    }
    if (PyModule_AddIntConstant(constants, "ANSWER", 42) < 0) {
        goto error;
    }
    Py_INCREF(constants);
    if (PyModule_AddObject(m, "constants", constants) < 0) {
        Py_DECREF(constants);
        goto error;
    }
    Py_DECREF(constants);
    return m;

error:
    Py_XDECREF(constants);
    Py_DECREF(m);
    return NULL;
}
