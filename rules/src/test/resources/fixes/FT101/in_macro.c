/* FT101: a read of ob_refcnt written in a macro: the macro's definition is rewritten once. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

typedef struct {
    PyObject_HEAD
    PyObject *arg;
} HolderObject;

#define RELEASE_IF_SHARED(self) do {            \
        if ((self)->arg->ob_refcnt > 1)         \
            Py_CLEAR((self)->arg);              \
    } while (0)

static PyObject *
holder_reset(HolderObject *self, PyObject *Py_UNUSED(ignored))
{
    RELEASE_IF_SHARED(self);
    Py_RETURN_NONE;
}

static PyObject *
holder_drop(HolderObject *self, PyObject *Py_UNUSED(ignored))
{
    RELEASE_IF_SHARED(self);
    Py_RETURN_NONE;
}

static PyMethodDef holder_methods[] = {
    {"reset", (PyCFunction)holder_reset, METH_NOARGS, NULL},
    {"drop", (PyCFunction)holder_drop, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject HolderType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "fx.Holder",
    .tp_basicsize = sizeof(HolderObject),
    .tp_methods = holder_methods,
};
