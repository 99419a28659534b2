/* FT401: a cached object swapped at run time: releasing the old one under a lock could run a
   finalizer that calls back in and takes the lock again, so the fix is advice only. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *last_value;

static PyObject *
remember(PyObject *module, PyObject *arg)
{
    Py_XSETREF(last_value, Py_NewRef(arg));
    Py_RETURN_NONE;
}

static PyMethodDef fx_methods[] = {
    {"remember", remember, METH_O, NULL},
    {NULL, NULL, 0, NULL}
};

static PyModuleDef_Slot fx_slots[] = {
#if PY_VERSION_HEX >= 0x030D0000
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
#endif
    {0, NULL}
};

static struct PyModuleDef fx_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "fx",
    .m_size = 0,
    .m_methods = fx_methods,
    .m_slots = fx_slots,
};

PyMODINIT_FUNC
PyInit_fx(void)
{
    return PyModuleDef_Init(&fx_module);
}
