/* FT104: a shared list's item array read directly; the size is taken from the same list first. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "ftmigrate_compat.h"

static PyObject *history;   /* module-level list, appended to by push() */

static PyObject *
count_none(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    Py_ssize_t i, found = 0;
    Py_BEGIN_CRITICAL_SECTION(history);
    Py_ssize_t n = PyList_GET_SIZE(history);
    PyObject **items = ((PyListObject *)history)->ob_item;
    for (i = 0; i < n; i++) {
        if (items[i] == Py_None) {
            found++;
        }
    }
    Py_END_CRITICAL_SECTION();
    return PyLong_FromSsize_t(found);
}

static PyObject *
push(PyObject *module, PyObject *item)
{
    if (PyList_Append(history, item) < 0) {
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyMethodDef fx_methods[] = {
    {"count_none", count_none, METH_NOARGS, NULL},
    {"push", push, METH_O, NULL},
    {NULL, NULL, 0, NULL}
};

static int
fx_exec(PyObject *module)
{
    history = PyList_New(0);
    return history == NULL ? -1 : 0;
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
