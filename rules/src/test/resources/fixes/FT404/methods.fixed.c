/* FT404: fields of self updated in methods: a plain body, an early return, a goto error, a setter. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "ftmigrate_compat.h"

typedef struct {
    PyObject_HEAD
    Py_ssize_t count;
    double total;
    PyObject *last;
} TallyObject;

static PyObject *
tally_add(TallyObject *self, PyObject *arg)
{
    double v = PyFloat_AsDouble(arg);
    if (v == -1.0 && PyErr_Occurred()) {
        return NULL;
    }
    Py_BEGIN_CRITICAL_SECTION(self);
    self->count++;
    self->total += v;
    Py_XSETREF(self->last, Py_NewRef(arg));
    Py_END_CRITICAL_SECTION();
    Py_RETURN_NONE;
}

static PyObject *
tally_take(TallyObject *self, PyObject *Py_UNUSED(ignored))
{
    PyObject *result = NULL;
    Py_BEGIN_CRITICAL_SECTION(self);
    PyObject *last = self->last;
    if (last == NULL) {
        PyErr_SetString(PyExc_ValueError, "nothing to take");
        result = NULL;
        goto done;
    }
    self->last = NULL;
    self->count--;
    result = last;
done: ;
    Py_END_CRITICAL_SECTION();
    return result;
}

static PyObject *
tally_mean(TallyObject *self, PyObject *Py_UNUSED(ignored))
{
    PyObject *result = NULL;
    Py_BEGIN_CRITICAL_SECTION(self);
    self->count += 0;
    if (self->count == 0) {
        PyErr_SetString(PyExc_ZeroDivisionError, "no values");
        goto error;
    }
    result = PyFloat_FromDouble(self->total / (double)self->count);
error:
    Py_END_CRITICAL_SECTION();
    return result;
}

static int
tally_set_total(TallyObject *self, PyObject *value, void *closure)
{
    double v;
    if (value == NULL) {
        PyErr_SetString(PyExc_AttributeError, "cannot delete total");
        return -1;
    }
    v = PyFloat_AsDouble(value);
    if (v == -1.0 && PyErr_Occurred()) {
        return -1;
    }
    int result = 0;
    Py_BEGIN_CRITICAL_SECTION(self);
    self->total = v;
    if (self->total < 0) {
        result = -1;
        goto done;
    }
    self->count = self->total > 0;
    result = 0;
done: ;
    Py_END_CRITICAL_SECTION();
    return result;
}

static void
tally_dealloc(TallyObject *self)
{
    Py_CLEAR(self->last);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyMethodDef tally_methods[] = {
    {"add", (PyCFunction)tally_add, METH_O, NULL},
    {"take", (PyCFunction)tally_take, METH_NOARGS, NULL},
    {"mean", (PyCFunction)tally_mean, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static PyGetSetDef tally_getset[] = {
    {"total", NULL, (setter)tally_set_total, NULL, NULL},
    {NULL}
};

static PyTypeObject TallyType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "fx.Tally",
    .tp_basicsize = sizeof(TallyObject),
    .tp_dealloc = (destructor)tally_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
    .tp_methods = tally_methods,
    .tp_getset = tally_getset,
};

static int
fx_exec(PyObject *module)
{
    return PyModule_AddType(module, &TallyType);
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
    .m_slots = fx_slots,
};

PyMODINIT_FUNC
PyInit_fx(void)
{
    return PyModuleDef_Init(&fx_module);
}
