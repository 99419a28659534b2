/* FT401: a cache entry's old value is released after the unlock, never under the lock (its
   finalizer could call back in and take the lock again). */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "ftmigrate_compat.h"

#define SLOTS 16

typedef struct {
    long key;
    PyObject *value;
} slot;

static slot table[SLOTS];
#ifdef Py_GIL_DISABLED
static PyMutex table_mutex;
#endif

static PyObject *
doubled(PyObject *module, PyObject *arg)
{
    long key = PyLong_AsLong(arg);
    if (key == -1 && PyErr_Occurred()) {
        return NULL;
    }
    size_t i = (size_t)key % SLOTS;
    FTM_LOCK(table_mutex);
    if (table[i].key == key && table[i].value != NULL) {
        PyObject *hit = table[i].value;
        Py_INCREF(hit);
        FTM_UNLOCK(table_mutex);
        return hit;
    }
    FTM_UNLOCK(table_mutex);
    PyObject *v = PyLong_FromLong(key * 2);
    if (v == NULL) {
        return NULL;
    }
    PyObject *old;
    FTM_LOCK(table_mutex);
    old = (PyObject *)table[i].value;
    table[i].key = key;
    Py_INCREF(v);
    table[i].value = v;
    FTM_UNLOCK(table_mutex);
    Py_XDECREF(old);
    return v;
}

static PyMethodDef fx_methods[] = {
    {"doubled", doubled, METH_O, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef fx_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "fx",
    .m_size = 0,
    .m_methods = fx_methods,
};

PyMODINIT_FUNC
PyInit_fx(void)
{
    PyObject *m = PyModule_Create(&fx_module);
#ifdef Py_GIL_DISABLED
    if (m != NULL) {
        PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED);
    }
#endif
    return m;
}
