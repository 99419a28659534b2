/* f2c-style: every routine's static locals are locked together with one shared constant */
#include <Python.h>

typedef int integer;

static integer c__1 = 1;
extern int report_(integer *);

static PyObject *
routine_0(PyObject *self, PyObject *unused)
{
    static integer n, m;

    for (n = 1; n <= 4; ++n) {
        m = n;
    }
    report_(&c__1);
    return PyLong_FromLong(m);
}

static PyObject *
routine_1(PyObject *self, PyObject *unused)
{
    static integer n, m;

    for (n = 1; n <= 4; ++n) {
        m = n;
    }
    report_(&c__1);
    return PyLong_FromLong(m);
}

static PyObject *
routine_2(PyObject *self, PyObject *unused)
{
    static integer n, m;

    for (n = 1; n <= 4; ++n) {
        m = n;
    }
    report_(&c__1);
    return PyLong_FromLong(m);
}

static PyObject *
routine_3(PyObject *self, PyObject *unused)
{
    static integer n, m;

    for (n = 1; n <= 4; ++n) {
        m = n;
    }
    report_(&c__1);
    return PyLong_FromLong(m);
}

static PyObject *
routine_4(PyObject *self, PyObject *unused)
{
    static integer n, m;

    for (n = 1; n <= 4; ++n) {
        m = n;
    }
    report_(&c__1);
    return PyLong_FromLong(m);
}

static PyObject *
routine_5(PyObject *self, PyObject *unused)
{
    static integer n, m;

    for (n = 1; n <= 4; ++n) {
        m = n;
    }
    report_(&c__1);
    return PyLong_FromLong(m);
}

static PyObject *
routine_6(PyObject *self, PyObject *unused)
{
    static integer n, m;

    for (n = 1; n <= 4; ++n) {
        m = n;
    }
    report_(&c__1);
    return PyLong_FromLong(m);
}

static PyObject *
routine_7(PyObject *self, PyObject *unused)
{
    static integer n, m;

    for (n = 1; n <= 4; ++n) {
        m = n;
    }
    report_(&c__1);
    return PyLong_FromLong(m);
}

static PyObject *
routine_8(PyObject *self, PyObject *unused)
{
    static integer n, m;

    for (n = 1; n <= 4; ++n) {
        m = n;
    }
    report_(&c__1);
    return PyLong_FromLong(m);
}

static PyObject *
routine_9(PyObject *self, PyObject *unused)
{
    static integer n, m;

    for (n = 1; n <= 4; ++n) {
        m = n;
    }
    report_(&c__1);
    return PyLong_FromLong(m);
}

static PyMethodDef methods[] = {
    {"r0", routine_0, METH_NOARGS, NULL},
    {"r1", routine_1, METH_NOARGS, NULL},
    {"r2", routine_2, METH_NOARGS, NULL},
    {"r3", routine_3, METH_NOARGS, NULL},
    {"r4", routine_4, METH_NOARGS, NULL},
    {"r5", routine_5, METH_NOARGS, NULL},
    {"r6", routine_6, METH_NOARGS, NULL},
    {"r7", routine_7, METH_NOARGS, NULL},
    {"r8", routine_8, METH_NOARGS, NULL},
    {"r9", routine_9, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};
