/* FT103: decisions on a reference count of 1 become PyUnstable_Object_IsUniquelyReferenced
   (review); the raw ob_refcnt form supersedes FT101's accessor fix on the same expression. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "ftmigrate_compat.h"

static PyObject *
is_temporary(PyObject *module, PyObject *obj)
{
    return PyBool_FromLong(PyUnstable_Object_IsUniquelyReferenced(obj));
}

static PyObject *
shared(PyObject *module, PyObject *obj)
{
    if (!PyUnstable_Object_IsUniquelyReferenced(obj) || !PyUnstable_Object_IsUniquelyReferenced(obj)) {
        Py_RETURN_TRUE;
    }
    Py_RETURN_FALSE;
}

static PyObject *
maybe_reuse(PyObject *module, PyObject *obj)
{
    int unique = PyUnstable_Object_IsUniquelyReferenced(obj);
    if (PyUnstable_Object_IsUniquelyReferenced(obj)) {
        unique = 1;
    }
    return PyBool_FromLong(unique);
}

/* An assertion decides nothing at run time: left alone (advice). */
static PyObject *
fresh_tuple(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    PyObject *t = PyTuple_New(0);
    if (t != NULL) {
        assert(Py_REFCNT(t) == 1);
    }
    return t;
}

/* The object's own type: the fallback takes a PyObject *, so the call casts. */
typedef struct {
    PyObject_HEAD
    double value;
} BoxObject;

static PyObject *
box_bump(BoxObject *self, PyObject *Py_UNUSED(ignored))
{
    Py_BEGIN_CRITICAL_SECTION(self);
    if (PyUnstable_Object_IsUniquelyReferenced((PyObject *)self)) {
        self->value += 1.0;
    }
    Py_END_CRITICAL_SECTION();
    Py_RETURN_NONE;
}

static PyMethodDef fx_methods[] = {
    {"is_temporary", is_temporary, METH_O, NULL},
    {"shared", shared, METH_O, NULL},
    {"maybe_reuse", maybe_reuse, METH_O, NULL},
    {"fresh_tuple", fresh_tuple, METH_NOARGS, NULL},
    {"box_bump", (PyCFunction)box_bump, METH_NOARGS, NULL},
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
    .m_methods = fx_methods,
    .m_slots = fx_slots,
};

PyMODINIT_FUNC
PyInit_fx(void)
{
    return PyModuleDef_Init(&fx_module);
}

