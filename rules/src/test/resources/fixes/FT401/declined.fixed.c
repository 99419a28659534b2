/* FT401: statics whose lock would protect nothing or hold up every thread: advice only, with the
   reason (the marker comment before each flagged write names it). */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "ftmigrate_compat.h"
#include <unistd.h>

static Py_ssize_t last_read;    /* refilled by whichever thread finds it empty */
static PyObject *handler = NULL;
static Py_ssize_t hooks_run;

typedef struct {
    long key;
    PyObject *value;
} slot;

static slot slots[4];

static PyObject *
refill(PyObject *module, PyObject *arg)
{
    char buf[64];
    Py_ssize_t n = 0;
    int fd = PyLong_AsLong(arg);
    if (fd == -1 && PyErr_Occurred()) {
        return NULL;
    }
    if (last_read == 0) {
        Py_BEGIN_ALLOW_THREADS
        n = read(fd, buf, sizeof buf);
        Py_END_ALLOW_THREADS
        /* expect-advice: releases the GIL (Py_BEGIN_ALLOW_THREADS) inside the statements to lock */
        last_read = n;
    }
    return PyLong_FromSsize_t(last_read);
}

static PyObject *
set_handler(PyObject *module, PyObject *arg)
{
    /* expect-advice: `h` keeps the pointer read from `handler` after the unlock */
    Py_XSETREF(handler, Py_NewRef(arg));
    Py_RETURN_NONE;
}

static PyObject *
call_handler(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    PyObject *h = handler;
    if (h == NULL) {
        Py_RETURN_NONE;
    }
    return PyObject_CallNoArgs(h);
}

static PyObject *
run_hook(PyObject *module, PyObject *hook)
{
    if (hooks_run < 10) {
        PyObject *r = PyObject_CallNoArgs(hook);
        if (r == NULL) {
            return NULL;
        }
        Py_DECREF(r);
        /* expect-advice: PyObject_CallNoArgs() in run_hook() can run Python code */
        hooks_run++;
    }
    Py_RETURN_NONE;
}

/* The entry's pointer is read under the lock and tested after it: another thread could replace and
   release it in between, and the clear below would then drop the new value and release the old twice. */
static void
forget_unshared(void)
{
    for (int i = 0; i < 4; i++) {
        PyObject *v = slots[i].value;
        if (v != NULL && PyUnstable_Object_IsUniquelyReferenced(v)) {
            /* expect-advice: `v` keeps the pointer read from `slots` after the unlock */
            slots[i].key = 0;
            slots[i].value = NULL;
            Py_DECREF(v);
        }
    }
}

static PyObject *
store(PyObject *module, PyObject *arg)
{
    PyObject *old = slots[0].value;
    /* expect-advice: `v` keeps the pointer read from `slots` after the unlock */
    slots[0].value = Py_NewRef(arg);
    slots[0].key = 1;
    Py_XDECREF(old);
    forget_unshared();
    Py_RETURN_NONE;
}

static PyMethodDef fx_methods[] = {
    {"refill", refill, METH_O, NULL},
    {"set_handler", set_handler, METH_O, NULL},
    {"call_handler", call_handler, METH_NOARGS, NULL},
    {"run_hook", run_hook, METH_O, NULL},
    {"store", store, METH_O, NULL},
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
