/* FT306: shapes left to a human: the dict is a call's result, and a PyDict_Next that is not a loop condition. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *registry;   /* module-level dict, written by register() */

static PyObject *
first_key(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    PyObject *key, *value;
    Py_ssize_t pos = 0;
    if (!PyDict_Next(registry, &pos, &key, &value)) {
        Py_RETURN_NONE;
    }
    return Py_NewRef(key);
}

static PyObject *
count_module_names(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    PyObject *key, *value;
    Py_ssize_t pos = 0, n = 0;
    while (PyDict_Next(PyModule_GetDict(module), &pos, &key, &value)) {
        n++;
    }
    return PyLong_FromSsize_t(n);
}

static PyObject *
register_name(PyObject *module, PyObject *args)
{
    PyObject *name, *value;
    if (!PyArg_ParseTuple(args, "UO", &name, &value)) {
        return NULL;
    }
    if (PyDict_SetItem(registry, name, value) < 0) {
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyMethodDef fx_methods[] = {
    {"first_key", first_key, METH_NOARGS, NULL},
    {"count_module_names", count_module_names, METH_NOARGS, NULL},
    {"register", register_name, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static int
fx_exec(PyObject *module)
{
    registry = PyDict_New();
    return registry == NULL ? -1 : 0;
}

static PyModuleDef_Slot fx_slots[] = {
    {Py_mod_exec, fx_exec},
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
