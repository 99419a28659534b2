/*
 * call_stats - a tiny math module that counts how often each function is called.
 *
 * add(a, b), mul(a, b) and neg(a) compute on floats; every call goes through note_call(), which
 * bumps a per-function counter and a grand total kept in statics. stats() returns
 * (total, {name: calls}, errors); errors counts bad arguments and is updated under a PyMutex in
 * the free-threaded build, so it stays exact.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

enum { FN_ADD, FN_MUL, FN_NEG, FN_COUNT };
static const char *const fn_names[FN_COUNT] = {"add", "mul", "neg"};

static Py_ssize_t calls[FN_COUNT];
static Py_ssize_t total_calls;
static Py_ssize_t errors;
#ifdef Py_GIL_DISABLED
static PyMutex errors_lock;
#endif

static void
note_call(int fn)
{
    calls[fn]++;
    total_calls += 1;
}

static void
note_error(void)
{
#ifdef Py_GIL_DISABLED
    PyMutex_Lock(&errors_lock);
#endif
    errors++;
#ifdef Py_GIL_DISABLED
    PyMutex_Unlock(&errors_lock);
#endif
}

static int
two_doubles(PyObject *const *args, Py_ssize_t nargs, double *a, double *b)
{
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "expected two numbers");
        note_error();
        return -1;
    }
    *a = PyFloat_AsDouble(args[0]);
    *b = PyFloat_AsDouble(args[1]);
    if (PyErr_Occurred()) {
        note_error();
        return -1;
    }
    return 0;
}

static PyObject *
add(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    double a, b;
    note_call(FN_ADD);
    if (two_doubles(args, nargs, &a, &b) < 0) {
        return NULL;
    }
    return PyFloat_FromDouble(a + b);
}

static PyObject *
mul(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    double a, b;
    note_call(FN_MUL);
    if (two_doubles(args, nargs, &a, &b) < 0) {
        return NULL;
    }
    return PyFloat_FromDouble(a * b);
}

static PyObject *
neg(PyObject *module, PyObject *arg)
{
    double a;
    note_call(FN_NEG);
    a = PyFloat_AsDouble(arg);
    if (a == -1.0 && PyErr_Occurred()) {
        note_error();
        return NULL;
    }
    return PyFloat_FromDouble(-a);
}

static PyObject *
stats(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    PyObject *per_fn = PyDict_New();
    if (per_fn == NULL) {
        return NULL;
    }
    for (int i = 0; i < FN_COUNT; i++) {
        PyObject *n = PyLong_FromSsize_t(calls[i]);
        if (n == NULL || PyDict_SetItemString(per_fn, fn_names[i], n) < 0) {
            Py_XDECREF(n);
            Py_DECREF(per_fn);
            return NULL;
        }
        Py_DECREF(n);
    }
    return Py_BuildValue("(nNn)", total_calls, per_fn, errors);
}

static PyMethodDef call_stats_methods[] = {
    {"add", (PyCFunction)(void (*)(void))add, METH_FASTCALL, "add(a, b) -> a + b"},
    {"mul", (PyCFunction)(void (*)(void))mul, METH_FASTCALL, "mul(a, b) -> a * b"},
    {"neg", neg, METH_O, "neg(a) -> -a"},
    {"stats", stats, METH_NOARGS, "stats() -> (total, {name: calls}, errors)"},
    {NULL, NULL, 0, NULL}
};

static PyModuleDef_Slot call_stats_slots[] = {
#if PY_VERSION_HEX >= 0x030D0000
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
#endif
    {0, NULL}
};

static struct PyModuleDef call_stats_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "call_stats",
    .m_doc = "Float helpers that count their calls in statics (counters not thread-safe).",
    .m_size = 0,
    .m_methods = call_stats_methods,
    .m_slots = call_stats_slots,
};

PyMODINIT_FUNC
PyInit_call_stats(void)
{
    return PyModuleDef_Init(&call_stats_module);
}
