/* FT401: a static pointer read under the lock and used after it: the reader takes its own
   reference under the lock where the code takes one anyway (a getter's new reference). */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "ftmigrate_compat.h"

static PyObject *current = NULL;   /* set at exec, replaced by set_current() */
#ifdef Py_GIL_DISABLED
static PyMutex current_mutex;
#endif

static PyObject *
get_current(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    PyObject *result = NULL;
    FTM_LOCK(current_mutex);
    Py_INCREF(current);
    result = current;
    FTM_UNLOCK(current_mutex);
    return result;
}

static PyObject *
set_current(PyObject *module, PyObject *arg)
{
    PyObject *old;
    FTM_LOCK(current_mutex);
    old = current;
    current = Py_NewRef(arg);
    FTM_UNLOCK(current_mutex);
    Py_XDECREF(old);
    Py_RETURN_NONE;
}

static PyObject *
describe(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    FTM_LOCK(current_mutex);
    PyObject *c = Py_XNewRef(current);
    FTM_UNLOCK(current_mutex);
    if (c == NULL) {
        return PyUnicode_FromString("none");
    }
    PyObject *r = PyObject_Repr(c);
    Py_DECREF(c);
    return r;
}

static PyMethodDef fx_methods[] = {
    {"get_current", get_current, METH_NOARGS, NULL},
    {"set_current", set_current, METH_O, NULL},
    {"describe", describe, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static int
fx_exec(PyObject *module)
{
    current = Py_NewRef(Py_None);
    return 0;
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
