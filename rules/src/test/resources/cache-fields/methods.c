#include "buf.h"

static PyObject *Buf_sum(BufObject *self, PyObject *unused) {
    double t = 0;
    for (Py_ssize_t i = 0; i < self->n; i++) t += self->data[i];
    return PyFloat_FromDouble(t);
}

static PyMethodDef Buf_methods[] = {
    {"append", (PyCFunction)Buf_append, METH_O, NULL},
    {"sum", (PyCFunction)Buf_sum, METH_NOARGS, NULL},
    {NULL}
};

PyTypeObject Buf_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "buf.Buf",
    .tp_basicsize = sizeof(BufObject),
    .tp_methods = Buf_methods,
};
