/* FT301: shapes left to a human: an advice fix explains why, nothing is rewritten. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *cache;   /* shared dict */

static PyObject *
peek(PyObject *module, PyObject *key)
{
    /* the borrowed value is never stored in a variable */
    return PyObject_Repr(PyDict_GetItem(cache, key));
}

static PyObject *
sum_two(PyObject *module, PyObject *args)
{
    PyObject *a, *b, *total;

    if (!PyArg_ParseTuple(args, "OO", &a, &b)) {
        return NULL;
    }
    total = PyNumber_Add(a, b);
    if (total == NULL) {
        return NULL;
    }
    /* a new error exit here would have to release `total` */
    PyObject *bonus = PyDict_GetItemString(cache, "bonus");
    if (bonus != NULL) {
        Py_SETREF(total, PyNumber_Add(total, bonus));
    }
    return total;
}

static PyMethodDef fx_methods[] = {
    {"peek", peek, METH_O, NULL},
    {"sum_two", sum_two, METH_VARARGS, NULL},
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

/* Run-time registration keeps `cache` mutable shared state (an init-only dict would be frozen). */
static PyObject *
register_cache(PyObject *module, PyObject *args)
{
    PyObject *key, *value;
    if (!PyArg_ParseTuple(args, "OO", &key, &value) || PyDict_SetItem(cache, key, value) < 0) {
        return NULL;
    }
    Py_RETURN_NONE;
}
