/* FT202: the NULL check jumps to the function's error label. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyMethodDef jump_methods[] = {
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef jump_module = {
    PyModuleDef_HEAD_INIT, "jump", NULL, -1, jump_methods
};

PyMODINIT_FUNC
PyInit_jump(void)
{
    PyObject *m = NULL, *version = NULL;

    m = PyModule_Create(&jump_module);
    if (m == NULL)
        goto error;
#ifdef Py_GIL_DISABLED
    PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED);
#endif
    version = PyUnicode_FromString("3.0");
    if (version == NULL || PyModule_AddObjectRef(m, "version", version) < 0)
        goto error;
    Py_DECREF(version);
    return m;

error:
    Py_XDECREF(version);
    Py_XDECREF(m);
    return NULL;
}
