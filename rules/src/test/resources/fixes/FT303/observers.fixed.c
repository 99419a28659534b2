/* FT303: weakly held observers: the dead-referent test moves from Py_None to NULL, the
   Py_INCREF/Py_DECREF pair around the call becomes the release of the new reference. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "ftmigrate_compat.h"

static PyObject *observers;   /* list of weak references, shared */

static PyObject *
notify(PyObject *module, PyObject *event)
{
    Py_ssize_t delivered = 0;

    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(observers); i++) {
        PyObject *ref = PyTuple_GET_ITEM(observers, i);
        PyObject *observer;
        if (PyWeakref_GetRef(ref, &observer) < 0) {
            return NULL;
        }
        if (observer == NULL) {
            continue;   /* subscriber is gone */
        }
        PyObject *res = PyObject_CallMethod(observer, "on_event", "O", event);
        Py_DECREF(observer);
        if (res == NULL) {
            return NULL;
        }
        Py_DECREF(res);
        delivered++;
    }
    return PyLong_FromSsize_t(delivered);
}

/* int convention, the referent returned through an out-parameter is declined (advice). */
static int
is_alive(PyObject *ref)
{
    PyObject *obj = PyWeakref_GetObject(ref);
    if (obj == NULL) {
        return -1;
    }
    return obj != Py_None;
}

static PyObject *
alive(PyObject *module, PyObject *ref)
{
    int r = is_alive(ref);
    return r < 0 ? NULL : PyBool_FromLong(r);
}

static PyMethodDef fx_methods[] = {
    {"notify", notify, METH_O, NULL},
    {"alive", alive, METH_O, NULL},
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
