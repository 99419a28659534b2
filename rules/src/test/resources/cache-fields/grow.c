#include "buf.h"

static int buf_grow(BufObject *b, Py_ssize_t extra) {
    double *p = PyMem_Realloc(b->data, (b->n + extra) * sizeof(double));
    if (p == NULL) return -1;
    b->data = p;
    return 0;
}

PyObject *Buf_append(BufObject *self, PyObject *arg) {
    if (buf_grow(self, 1) < 0) return NULL;
    self->data[self->n] = PyFloat_AsDouble(arg);
    self->n++;
    Py_RETURN_NONE;
}
