/* FT401: a cache entry's old value is released after the unlock, never under the lock (its
   finalizer could call back in and take the lock again). */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#define SLOTS 16

typedef struct {
    long key;
    PyObject *value;
} slot;

static slot table[SLOTS];

static PyObject *
doubled(PyObject *module, PyObject *arg)
{
    long key = PyLong_AsLong(arg);
    if (key == -1 && PyErr_Occurred()) {
        return NULL;
    }
    size_t i = (size_t)key % SLOTS;
    if (table[i].key == key && table[i].value != NULL) {
        PyObject *hit = table[i].value;
        Py_INCREF(hit);
        return hit;
    }
    PyObject *v = PyLong_FromLong(key * 2);
    if (v == NULL) {
        return NULL;
    }
    Py_XDECREF(table[i].value);
    table[i].key = key;
    Py_INCREF(v);
    table[i].value = v;
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
    return PyModule_Create(&fx_module);
}
