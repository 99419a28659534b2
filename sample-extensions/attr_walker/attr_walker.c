/*
 * attr_walker - a Record type with a free-form attribute dict, and helpers that walk it.
 *
 * r = Record(); r.a = 1 stores into the instance __dict__. r.public() returns the attributes
 * whose names do not start with "_", r.total() sums the numeric attribute values, and
 * snapshot(r) returns a plain dict copy of the attributes that is safe to walk.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stddef.h>

typedef struct {
    PyObject_HEAD
    PyObject *dict;          /* instance __dict__ (tp_dictoffset) */
} RecordObject;

static void
record_dealloc(RecordObject *self)
{
    Py_CLEAR(self->dict);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *
record_public(RecordObject *self, PyObject *Py_UNUSED(ignored))
{
    PyObject *dict = PyObject_GenericGetDict((PyObject *)self, NULL);
    PyObject *out, *key, *value;
    Py_ssize_t pos = 0;

    if (dict == NULL) {
        return NULL;
    }
    out = PyDict_New();
    if (out == NULL) {
        Py_DECREF(dict);
        return NULL;
    }
    while (PyDict_Next(dict, &pos, &key, &value)) {
        if (PyUnicode_Check(key) && PyUnicode_GET_LENGTH(key) > 0 && PyUnicode_READ_CHAR(key, 0) == '_') {
            continue;
        }
        if (PyDict_SetItem(out, key, value) < 0) {
            Py_DECREF(out);
            Py_DECREF(dict);
            return NULL;
        }
    }
    Py_DECREF(dict);
    return out;
}

static PyObject *
record_total(RecordObject *self, PyObject *Py_UNUSED(ignored))
{
    PyObject *key, *value;
    Py_ssize_t pos = 0;
    double total = 0.0;

    if (self->dict == NULL) {
        return PyFloat_FromDouble(0.0);
    }
    while (PyDict_Next(self->dict, &pos, &key, &value)) {
        if (PyFloat_Check(value) || PyLong_Check(value)) {
            total += PyFloat_AsDouble(value);
        }
    }
    if (PyErr_Occurred()) {
        return NULL;
    }
    return PyFloat_FromDouble(total);
}

static PyMethodDef record_methods[] = {
    {"public", (PyCFunction)record_public, METH_NOARGS, "public() -> {name: value} without _private names"},
    {"total", (PyCFunction)record_total, METH_NOARGS, "total() -> sum of the numeric attributes"},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject RecordType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "attr_walker.Record",
    .tp_basicsize = sizeof(RecordObject),
    .tp_dealloc = (destructor)record_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_doc = "Record(): an object with free-form attributes",
    .tp_methods = record_methods,
    .tp_dictoffset = offsetof(RecordObject, dict),
    .tp_new = PyType_GenericNew,
};

static PyObject *
snapshot(PyObject *module, PyObject *obj)
{
    PyObject *dict, *copy, *key, *value;
    Py_ssize_t pos = 0;

    if (!PyObject_TypeCheck(obj, &RecordType)) {
        PyErr_SetString(PyExc_TypeError, "snapshot() expects a Record");
        return NULL;
    }
    dict = PyObject_GenericGetDict(obj, NULL);
    if (dict == NULL) {
        return NULL;
    }
    copy = PyDict_Copy(dict);
    Py_DECREF(dict);
    if (copy == NULL) {
        return NULL;
    }
    /* Walking the private copy is safe: no other thread has seen it. */
    while (PyDict_Next(copy, &pos, &key, &value)) {
        if (!PyUnicode_Check(key)) {
            Py_DECREF(copy);
            PyErr_SetString(PyExc_TypeError, "attribute names must be str");
            return NULL;
        }
    }
    return copy;
}

static PyMethodDef attr_walker_methods[] = {
    {"snapshot", snapshot, METH_O, "snapshot(record) -> dict copy of its attributes"},
    {NULL, NULL, 0, NULL}
};

static int
attr_walker_exec(PyObject *module)
{
    if (PyType_Ready(&RecordType) < 0) {
        return -1;
    }
    return PyModule_AddObjectRef(module, "Record", (PyObject *)&RecordType);
}

static PyModuleDef_Slot attr_walker_slots[] = {
    {Py_mod_exec, attr_walker_exec},
#if PY_VERSION_HEX >= 0x030D0000
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
#endif
    {0, NULL}
};

static struct PyModuleDef attr_walker_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "attr_walker",
    .m_doc = "Walk a Record's attribute dict with PyDict_Next (not thread-safe).",
    .m_size = 0,
    .m_methods = attr_walker_methods,
    .m_slots = attr_walker_slots,
};

PyMODINIT_FUNC
PyInit_attr_walker(void)
{
    return PyModuleDef_Init(&attr_walker_module);
}
