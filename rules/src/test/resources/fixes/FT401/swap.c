/* FT401: a cached object replaced and cleared at run time: the old value is released after the
   unlock, never under the lock (its finalizer could call back in and take the lock again). */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *last_value = NULL;

static PyObject *
remember(PyObject *module, PyObject *arg)
{
    Py_XSETREF(last_value, Py_NewRef(arg));
    Py_RETURN_NONE;
}

static PyObject *
forget(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    Py_CLEAR(last_value);
    Py_RETURN_NONE;
}

static PyObject *
recall(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    PyObject *v = Py_XNewRef(last_value);
    if (v == NULL) {
        Py_RETURN_NONE;
    }
    return v;
}

static PyMethodDef fx_methods[] = {
    {"remember", remember, METH_O, NULL},
    {"forget", forget, METH_NOARGS, NULL},
    {"recall", recall, METH_NOARGS, NULL},
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
