/* FT401: counters in statics: writes in a row, a read-after-write return, reads elsewhere, exits inside. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "ftmigrate_compat.h"

static Py_ssize_t hits = 0;      /* calls of record() */
#ifdef Py_GIL_DISABLED
static PyMutex hits_mutex;
#endif
static FTM_ATOMIC long long total = 0;      /* sum of the recorded amounts */
static FTM_ATOMIC int last_error;

static PyObject *
record(PyObject *module, PyObject *arg)
{
    long long n = PyLong_AsLongLong(arg);
    if (n == -1 && PyErr_Occurred()) {
        return NULL;
    }
    FTM_LOCK(hits_mutex);
    hits++;
    FTM_UNLOCK(hits_mutex);
    total += n;
    return PyLong_FromLongLong(total);
}

static PyObject *
stats(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    PyObject *result = NULL;
    FTM_LOCK(hits_mutex);
    result = Py_BuildValue("(nL)", hits, total);
    FTM_UNLOCK(hits_mutex);
    return result;
}

static PyObject *
reset(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    FTM_LOCK(hits_mutex);
    hits = 0;
    FTM_UNLOCK(hits_mutex);
    total = 0;
    Py_RETURN_NONE;
}

static PyObject *
check(PyObject *module, PyObject *arg)
{
    long v = PyLong_AsLong(arg);
    if (v < 0) {
        last_error = (int)v;
        if (PyErr_Occurred()) {
            return NULL;
        }
        PyErr_SetString(PyExc_ValueError, "negative");
        return NULL;
    }
    int seen = last_error;
    return PyLong_FromLong(seen);
}

static PyObject *
drain(PyObject *module, PyObject *arg)
{
    long n = PyLong_AsLong(arg);
    if (n == -1 && PyErr_Occurred()) {
        goto error;
    }
    while (n-- > 0) {
        FTM_LOCK(hits_mutex);
        if (hits == 0) {
            FTM_UNLOCK(hits_mutex);
            break;
        }
        hits--;
        FTM_UNLOCK(hits_mutex);
        if (PyErr_CheckSignals() < 0)
            goto error;
    }
    Py_RETURN_NONE;
error:
    return NULL;
}

static PyMethodDef fx_methods[] = {
    {"record", record, METH_O, NULL},
    {"stats", stats, METH_NOARGS, NULL},
    {"reset", reset, METH_NOARGS, NULL},
    {"check", check, METH_O, NULL},
    {"drain", drain, METH_O, NULL},
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
