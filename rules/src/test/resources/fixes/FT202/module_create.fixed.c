/* FT202: single-phase init: PyUnstable_Module_SetGIL after the NULL check of PyModule_Create. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *
version(PyObject *self, PyObject *Py_UNUSED(ignored))
{
    return PyUnicode_FromString("1.0");
}

static PyMethodDef fx_methods[] = {
    {"version", version, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef fx_module = {
    PyModuleDef_HEAD_INIT, "fx", "A single-phase module.", -1, fx_methods
};

PyMODINIT_FUNC
PyInit_fx(void)
{
    PyObject *m;

    m = PyModule_Create(&fx_module);
    if (m == NULL) {
        return NULL;
    }
#ifdef Py_GIL_DISABLED
    PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED);
#endif
    if (PyModule_AddIntConstant(m, "MAX_DEPTH", 64) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
