/* FT302: items of a list the caller keeps: the bounds check can go stale, PyList_GET_ITEM has
   no error path, so the rewrite adds one. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "ftmigrate_compat.h"

static PyObject *
item_at(PyObject *module, PyObject *args)
{
    PyObject *list;
    Py_ssize_t i;

    if (!PyArg_ParseTuple(args, "O!n", &PyList_Type, &list, &i)) {
        return NULL;
    }
    if (i < 0 || i >= PyList_GET_SIZE(list)) {
        PyErr_SetString(PyExc_IndexError, "index out of range");
        return NULL;
    }
    PyObject *item = PyList_GetItemRef(list, i);
    if (item == NULL) {
        return NULL;
    }
    return item;
}

/* The item's tuple fields are borrowed from it: the release waits until they are used. */
static PyObject *
entry_name(PyObject *module, PyObject *list)
{
    PyObject *entry = PyList_GetItemRef(list, 0);
    if (entry == NULL) {
        return NULL;
    }
    if (!PyTuple_Check(entry) || PyTuple_GET_SIZE(entry) < 1) {
        PyErr_SetString(PyExc_TypeError, "entries are tuples");
        Py_DECREF(entry);
        return NULL;
    }
    PyObject *name = PyTuple_GET_ITEM(entry, 0);
    PyObject *result = PyObject_Str(name);
    Py_DECREF(entry);
    return result;
}

/* A search loop: the match leaves the loop still held and is returned. */
static PyObject *
find_first_true(PyObject *module, PyObject *list)
{
    PyObject *item = NULL;
    Py_ssize_t n = PyList_Size(list);

    if (n < 0) {
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        item = PyList_GetItemRef(list, i);
        if (item == NULL) {
            return NULL;
        }
        int t = PyObject_IsTrue(item);
        if (t < 0) {
            Py_DECREF(item);
            return NULL;
        }
        if (t) {
            return item;
        }
        Py_DECREF(item);
    }
    Py_RETURN_NONE;
}

static PyMethodDef fx_methods[] = {
    {"item_at", item_at, METH_VARARGS, NULL},
    {"entry_name", entry_name, METH_O, NULL},
    {"find_first_true", find_first_true, METH_O, NULL},
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
