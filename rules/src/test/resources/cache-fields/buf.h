/* A buffer type whose methods live in two files: the field model links them. */
#include <Python.h>

typedef struct {
    PyObject_HEAD
    double *data;
    Py_ssize_t n;
} BufObject;

PyObject *Buf_append(BufObject *self, PyObject *arg);
