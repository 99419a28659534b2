/* FT101: reads and a write of ob_refcnt become Py_REFCNT / Py_SET_REFCNT (safe). */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *
refcount(PyObject *module, PyObject *obj)
{
    return PyLong_FromSsize_t(Py_REFCNT(obj));
}

static void
pin(PyObject *obj)
{
    Py_SET_REFCNT(obj, 1000000);
}

static PyObject *
pin_py(PyObject *module, PyObject *obj)
{
    pin(obj);
    Py_RETURN_NONE;
}

static PyMethodDef fx_methods[] = {
    {"refcount", refcount, METH_O, NULL},
    {"pin", pin_py, METH_O, NULL},
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
    .m_methods = fx_methods,
    .m_slots = fx_slots,
};

PyMODINIT_FUNC
PyInit_fx(void)
{
    return PyModuleDef_Init(&fx_module);
}
