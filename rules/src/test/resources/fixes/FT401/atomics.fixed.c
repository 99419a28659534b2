/* FT401: counters and a flag that only ever get ++, += or a store: C11 atomics, no lock. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "ftmigrate_compat.h"

static FTM_ATOMIC Py_ssize_t calls;        /* calls of bump() */
static FTM_ATOMIC unsigned long bytes_seen = 0;
static FTM_ATOMIC int tracing = 0;

static PyObject *
bump(PyObject *module, PyObject *arg)
{
    Py_ssize_t n = PyBytes_Size(arg);
    if (n < 0) {
        return NULL;
    }
    calls++;
    bytes_seen += (unsigned long)n;
    if (tracing) {
        PySys_WriteStdout("bump %zd\n", n);
    }
    Py_RETURN_NONE;
}

static PyObject *
set_tracing(PyObject *module, PyObject *arg)
{
    tracing = PyObject_IsTrue(arg) > 0;
    Py_RETURN_NONE;
}

static PyObject *
counts(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    return Py_BuildValue("(nk)", calls, bytes_seen);
}

static PyMethodDef fx_methods[] = {
    {"bump", bump, METH_O, NULL},
    {"set_tracing", set_tracing, METH_O, NULL},
    {"counts", counts, METH_NOARGS, NULL},
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
