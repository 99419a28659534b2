/*
 * racy_counter (fixed): the statistics are guarded by a PyMutex on
 * free-threaded builds. GIL builds compile the lock away and pay nothing.
 * PyMutex needs no allocation and no cleanup (CPython 3.13+).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static Py_ssize_t hits = 0;      /* how many times record() was called */
static long long total = 0;      /* sum of all recorded amounts */

#ifdef Py_GIL_DISABLED
static PyMutex stats_lock = {0};
#  define STATS_LOCK()   PyMutex_Lock(&stats_lock)
#  define STATS_UNLOCK() PyMutex_Unlock(&stats_lock)
#else
#  define STATS_LOCK()
#  define STATS_UNLOCK()
#endif

PyDoc_STRVAR(record_doc,
"record(n=1, /)\n--\n\nAdd n to the running total and count one call; return the new total.");

static PyObject *
record(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    long long n = 1;
    if (nargs > 1) {
        PyErr_SetString(PyExc_TypeError, "record() takes at most 1 argument");
        return NULL;
    }
    if (nargs == 1) {
        n = PyLong_AsLongLong(args[0]);
        if (n == -1 && PyErr_Occurred()) {
            return NULL;
        }
    }
    long long now;
    STATS_LOCK();
    hits++;
    total += n;
    now = total;
    STATS_UNLOCK();
    return PyLong_FromLongLong(now);
}

static PyObject *
stats(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    Py_ssize_t h;
    long long t;
    STATS_LOCK();
    h = hits;
    t = total;
    STATS_UNLOCK();
    return Py_BuildValue("(nL)", h, t);
}

static PyObject *
reset(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    STATS_LOCK();
    hits = 0;
    total = 0;
    STATS_UNLOCK();
    Py_RETURN_NONE;
}

static PyMethodDef racy_counter_methods[] = {
    {"record", (PyCFunction)(void (*)(void))record, METH_FASTCALL, record_doc},
    {"stats", stats, METH_NOARGS, "stats() -> (hits, total)"},
    {"reset", reset, METH_NOARGS, "reset() -> None: zero the statistics"},
    {NULL, NULL, 0, NULL}
};

static PyModuleDef_Slot racy_counter_slots[] = {
#if PY_VERSION_HEX >= 0x030C0000
    {Py_mod_multiple_interpreters, Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED},
#endif
#if PY_VERSION_HEX >= 0x030D0000
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
#endif
    {0, NULL}
};

static struct PyModuleDef racy_counter_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "racy_counter",
    .m_doc = "Call statistics in static counters, guarded by a PyMutex.",
    .m_size = 0,
    .m_methods = racy_counter_methods,
    .m_slots = racy_counter_slots,
};

PyMODINIT_FUNC
PyInit_racy_counter(void)
{
    return PyModuleDef_Init(&racy_counter_module);
}
