/* FT402: lazily created statics: an error path inside the check-and-set, two in a row, a bare if body. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "ftmigrate_compat.h"

static PyObject *str_name = NULL;
#ifdef Py_GIL_DISABLED
static PyMutex str_name_mutex;
#endif
static PyObject *str_version = NULL;
static PyObject *empty_tuple;
#ifdef Py_GIL_DISABLED
static PyMutex empty_tuple_mutex;
#endif

static PyObject *
describe(PyObject *module, PyObject *obj)
{
    PyObject *name, *result;

    FTM_LOCK(str_name_mutex);
    if (str_name == NULL) {
        str_name = PyUnicode_InternFromString("name");
        if (str_name == NULL) {
            FTM_UNLOCK(str_name_mutex);
            return NULL;
        }
    }
    if (str_version == NULL) {
        str_version = PyUnicode_InternFromString("version");
        if (str_version == NULL) {
            FTM_UNLOCK(str_name_mutex);
            return NULL;
        }
    }
    FTM_UNLOCK(str_name_mutex);
    name = PyObject_GetAttr(obj, str_name);
    if (name == NULL) {
        return NULL;
    }
    result = PyUnicode_FromFormat("%S", name);
    Py_DECREF(name);
    return result;
}

static PyObject *
empty(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    FTM_LOCK(empty_tuple_mutex);
    if (!empty_tuple) {
        empty_tuple = PyTuple_New(0);
        if (!empty_tuple) {
            FTM_UNLOCK(empty_tuple_mutex);
            goto error;
        }
    }
    FTM_UNLOCK(empty_tuple_mutex);
    return Py_NewRef(empty_tuple);
error:
    return NULL;
}

static PyMethodDef fx_methods[] = {
    {"describe", describe, METH_O, NULL},
    {"empty", empty, METH_NOARGS, NULL},
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
