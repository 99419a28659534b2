/* FT202: single-phase init: the init returns PyModule_Create2 directly. */
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
    PyObject *m = PyModule_Create2(&fx_module, PYTHON_API_VERSION);
#ifdef Py_GIL_DISABLED
    if (m != NULL) {
        PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED);
    }
#endif
    return m;
}
