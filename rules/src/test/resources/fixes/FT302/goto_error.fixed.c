/* FT302: a goto-error function summing the items of a shared list. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "ftmigrate_compat.h"

typedef struct {
    PyObject_HEAD
    PyObject *items;   /* list mutated by other methods */
} BagObject;

static PyObject *
bag_total(BagObject *self, PyObject *Py_UNUSED(ignored))
{
    PyObject *total = PyLong_FromLong(0), *item = NULL;

    if (total == NULL) {
        goto error;
    }
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(self->items); i++) {
        item = PyList_GetItemRef(self->items, i);
        if (item == NULL) {
            goto error;
        }
        PyObject *sum = PyNumber_Add(total, item);
        if (sum == NULL) {
            goto error;
        }
        Py_SETREF(total, sum);
        Py_DECREF(item);
    }
    return total;

error:
    Py_XDECREF(item);
    Py_XDECREF(total);
    return NULL;
}

static PyMethodDef bag_methods[] = {
    {"total", (PyCFunction)bag_total, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject BagType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "fx.Bag",
    .tp_basicsize = sizeof(BagObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_methods = bag_methods,
};

static int
fx_exec(PyObject *module)
{
    return PyModule_AddType(module, &BagType);
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
    .m_slots = fx_slots,
};

PyMODINIT_FUNC
PyInit_fx(void)
{
    return PyModuleDef_Init(&fx_module);
}
