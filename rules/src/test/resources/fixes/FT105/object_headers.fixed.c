#include <Python.h>

typedef struct {
    PyObject_HEAD
    long value;
} SentinelObject;

static PyTypeObject Sentinel_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "demo.Sentinel",
    .tp_basicsize = sizeof(SentinelObject),
};

static SentinelObject default_sentinel = { PyObject_HEAD_INIT(&Sentinel_Type) 42 };

static SentinelObject zero_sentinel = {
    PyObject_HEAD_INIT(&Sentinel_Type)
    .value = 0,
};

PyObject *
sentinels(void)
{
    return PyTuple_Pack(2, (PyObject *)&default_sentinel, (PyObject *)&zero_sentinel);
}
