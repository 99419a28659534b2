/* FT301: shapes left to a human: an advice fix explains why (asserted by each marker), nothing is rewritten. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *cache;   /* shared dict */

static PyObject *
peek(PyObject *module, PyObject *key)
{
    /* expect-advice: the borrowed value is used directly instead of being stored in a local variable */
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
    /* expect-advice: a new error exit here would leak `total`, which already holds a reference */
    PyObject *bonus = PyDict_GetItemString(cache, "bonus");
    if (bonus != NULL) {
        Py_SETREF(total, PyNumber_Add(total, bonus));
    }
    return total;
}

static PyObject *
or_none(PyObject *module, PyObject *key)
{
    /* expect-advice: `v` is also assigned other values */
    PyObject *v = PyDict_GetItem(cache, key);
    if (v == NULL) {
        v = Py_None;
    }
    return PyObject_Repr(v);
}

static double
weight(PyObject *module, PyObject *key)
{
    /* expect-advice: weight() has no error convention to follow */
    PyObject *w = PyDict_GetItemWithError(cache, key);
    if (w == NULL) {
        return 1.0;
    }
    return PyFloat_AsDouble(w);
}

static PyObject *
lookup_borrowed(PyObject *module, PyObject *key)
{
    PyObject *v;
    /* expect-advice: `v` is returned without a reference of its own */
    v = PyDict_GetItemWithError(cache, key);
    if (v == NULL && !PyErr_Occurred()) {
        PyErr_SetObject(PyExc_KeyError, key);
    }
    return v;
}

static PyObject *
remembered(PyObject *module, PyObject *key)
{
    register PyObject *last;
    /* expect-advice: `last` is not a plain `PyObject *` local */
    last = PyDict_GetItem(cache, key);
    return PyBool_FromLong(last != NULL);
}

static PyObject *
maybe(PyObject *module, PyObject *key)
{
    PyObject *v = NULL;
    if (PyUnicode_Check(key))
        /* expect-advice: the statement storing the value is not a plain statement of a block */
        v = PyDict_GetItem(cache, key);
    return PyBool_FromLong(v != NULL);
}

static PyObject *
both(PyObject *module, PyObject *args)
{
    PyObject *a, *b;
    if (!PyArg_ParseTuple(args, "OO", &a, &b)) {
        return NULL;
    }
    {
        /* expect-advice: `v` is declared more than once */
        PyObject *v = PyDict_GetItem(cache, a);
        if (v != NULL) {
            return PyObject_Repr(v);
        }
    }
    {
        /* expect-advice: `v` is declared more than once */
        PyObject *v = PyDict_GetItem(cache, b);
        if (v != NULL) {
            return PyObject_Repr(v);
        }
    }
    Py_RETURN_NONE;
}

static PyMethodDef fx_methods[] = {
    {"peek", peek, METH_O, NULL},
    {"sum_two", sum_two, METH_VARARGS, NULL},
    {"or_none", or_none, METH_O, NULL},
    {"lookup_borrowed", lookup_borrowed, METH_O, NULL},
    {"remembered", remembered, METH_O, NULL},
    {"maybe", maybe, METH_O, NULL},
    {"both", both, METH_VARARGS, NULL},
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
