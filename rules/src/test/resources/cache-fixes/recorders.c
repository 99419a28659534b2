/* Two statics that every recorder writes together: one lock serves them all */
#include <Python.h>

static double last_value;
static double last_time;

static PyObject *
record_0(PyObject *self, PyObject *arg)
{
    double x = PyFloat_AsDouble(arg);
    last_value = x * 1;
    last_time = x + 1;
    return PyFloat_FromDouble(last_value);
}

static PyObject *
record_1(PyObject *self, PyObject *arg)
{
    double x = PyFloat_AsDouble(arg);
    last_value = x * 2;
    last_time = x + 2;
    return PyFloat_FromDouble(last_value);
}

static PyObject *
record_2(PyObject *self, PyObject *arg)
{
    double x = PyFloat_AsDouble(arg);
    last_value = x * 3;
    last_time = x + 3;
    return PyFloat_FromDouble(last_value);
}

static PyObject *
record_3(PyObject *self, PyObject *arg)
{
    double x = PyFloat_AsDouble(arg);
    last_value = x * 4;
    last_time = x + 4;
    return PyFloat_FromDouble(last_value);
}

static PyObject *
record_4(PyObject *self, PyObject *arg)
{
    double x = PyFloat_AsDouble(arg);
    last_value = x * 5;
    last_time = x + 5;
    return PyFloat_FromDouble(last_value);
}

static PyObject *
record_5(PyObject *self, PyObject *arg)
{
    double x = PyFloat_AsDouble(arg);
    last_value = x * 6;
    last_time = x + 6;
    return PyFloat_FromDouble(last_value);
}

static PyMethodDef methods[] = {
    {"r0", record_0, METH_O, NULL},
    {"r1", record_1, METH_O, NULL},
    {"r2", record_2, METH_O, NULL},
    {"r3", record_3, METH_O, NULL},
    {"r4", record_4, METH_O, NULL},
    {"r5", record_5, METH_O, NULL},
    {NULL, NULL, 0, NULL}
};
