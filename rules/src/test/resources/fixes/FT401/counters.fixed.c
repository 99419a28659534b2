/* FT401: counters in statics: writes in a row, a read-after-write return, reads elsewhere, exits inside. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "ftmigrate_compat.h"

static Py_ssize_t hits = 0;      /* calls of record() */
#ifdef Py_GIL_DISABLED
static PyMutex hits_mutex;
#endif
static long long total = 0;      /* sum of the recorded amounts */
static int last_error;
#ifdef Py_GIL_DISABLED
static PyMutex last_error_mutex;
#endif

static PyObject *
record(PyObject *module, PyObject *arg)
{
    long long n = PyLong_AsLongLong(arg);
    if (n == -1 && PyErr_Occurred()) {
        return NULL;
    }
    PyObject *ftm_result = NULL;
    FTM_LOCK(hits_mutex);
    hits++;
    total += n;
    ftm_result = PyLong_FromLongLong(total);
    FTM_UNLOCK(hits_mutex);
    return ftm_result;
}

static PyObject *
stats(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    PyObject *ftm_result = NULL;
    FTM_LOCK(hits_mutex);
    ftm_result = Py_BuildValue("(nL)", hits, total);
    FTM_UNLOCK(hits_mutex);
    return ftm_result;
}

static PyObject *
reset(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    FTM_LOCK(hits_mutex);
    hits = 0;
    total = 0;
    FTM_UNLOCK(hits_mutex);
    Py_RETURN_NONE;
}

static PyObject *
check(PyObject *module, PyObject *arg)
{
    long v = PyLong_AsLong(arg);
    if (v < 0) {
        FTM_LOCK(last_error_mutex);
        last_error = (int)v;
        FTM_UNLOCK(last_error_mutex);
        if (PyErr_Occurred()) {
            return NULL;
        }
        PyErr_SetString(PyExc_ValueError, "negative");
        return NULL;
    }
    FTM_LOCK(last_error_mutex);
    int seen = last_error;
    FTM_UNLOCK(last_error_mutex);
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
