/* Test fixture: an extension that crashes or hangs on request, to exercise the crash and timeout outcomes. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <signal.h>
#include <unistd.h>

static PyObject *
segv(PyObject *m, PyObject *Py_UNUSED(ignored))
{
    raise(SIGSEGV);
    Py_RETURN_NONE;
}

static PyObject *
hang(PyObject *m, PyObject *Py_UNUSED(ignored))
{
    Py_BEGIN_ALLOW_THREADS
    for (;;) {
        sleep(1);
    }
    Py_END_ALLOW_THREADS
    Py_RETURN_NONE;
}

static PyObject *
ok(PyObject *m, PyObject *Py_UNUSED(ignored))
{
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"segv", segv, METH_NOARGS, NULL},
    {"hang", hang, METH_NOARGS, NULL},
    {"ok", ok, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static PyModuleDef_Slot slots[] = {
#if PY_VERSION_HEX >= 0x030D0000
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
#endif
    {0, NULL}
};

static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "faulty", NULL, 0, methods, slots};

PyMODINIT_FUNC
PyInit_faulty(void)
{
    return PyModuleDef_Init(&def);
}
