/* FT102: reads and a write of ob_type become Py_TYPE / Py_SET_TYPE (safe). */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *
refcount(PyObject *module, PyObject *obj)
{
    return PyUnicode_FromString(Py_TYPE(obj)->tp_name);
}

static void
pin(PyObject *obj)
{
    if (Py_TYPE(((PyObject *)obj)) == &PyList_Type) {
        Py_SET_TYPE(obj, &PyList_Type);
    }
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
