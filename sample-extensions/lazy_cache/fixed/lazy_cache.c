/*
 * lazy_cache (fixed): the table is built once, in the module's Py_mod_exec
 * slot, and kept in module state; import runs exec before any thread can
 * call convert(), so no lock is needed on the hot path. The build counter
 * is only touched from exec. Works the same with and without the GIL.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

typedef struct {
    PyObject *unit_table;   /* dict: (from, to) -> factor */
} module_state;

static long table_builds = 0;         /* how many times the table was built (exec only) */

static const struct { const char *prefix; double scale; } prefixes[] = {
    {"", 1.0}, {"k", 1e3}, {"M", 1e6}, {"G", 1e9}, {"T", 1e12}, {"h", 1e2},
    {"da", 1e1}, {"d", 1e-1}, {"c", 1e-2}, {"m", 1e-3}, {"u", 1e-6}, {"n", 1e-9},
    {"p", 1e-12}, {"f", 1e-15},
};
static const struct { const char *name; double metres; } units[] = {
    {"m", 1.0}, {"in", 0.0254}, {"ft", 0.3048}, {"yd", 0.9144}, {"mi", 1609.344},
    {"nmi", 1852.0}, {"au", 149597870700.0}, {"ly", 9460730472580800.0},
    {"pc", 30856775814913673.0}, {"ftm", 1.8288}, {"ch", 20.1168}, {"fur", 201.168},
};

static PyObject *
build_table(void)
{
    /* Every (from, to) pair is precomputed so that convert() is one lookup. */
    enum { NP = sizeof(prefixes) / sizeof(prefixes[0]), NU = sizeof(units) / sizeof(units[0]) };
    PyObject *names[NP * NU];
    double metres[NP * NU];
    Py_ssize_t n = 0;
    PyObject *table = PyDict_New();
    if (table == NULL) {
        return NULL;
    }
    for (size_t u = 0; u < NU; u++) {
        for (size_t p = 0; p < NP; p++) {
            names[n] = PyUnicode_FromFormat("%s%s", prefixes[p].prefix, units[u].name);
            if (names[n] == NULL) {
                goto error;
            }
            PyUnicode_InternInPlace(&names[n]);
            metres[n] = prefixes[p].scale * units[u].metres;
            n++;
        }
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        for (Py_ssize_t j = 0; j < n; j++) {
            PyObject *key = PyTuple_Pack(2, names[i], names[j]);
            PyObject *val = PyFloat_FromDouble(metres[i] / metres[j]);
            if (key == NULL || val == NULL || PyDict_SetItem(table, key, val) < 0) {
                Py_XDECREF(key);
                Py_XDECREF(val);
                goto error;
            }
            Py_DECREF(key);
            Py_DECREF(val);
        }
    }
    while (n > 0) {
        Py_DECREF(names[--n]);
    }
    table_builds++;
    return table;

error:
    while (n > 0) {
        Py_DECREF(names[--n]);
    }
    Py_DECREF(table);
    return NULL;
}

static PyObject *
convert(PyObject *module, PyObject *args)
{
    double value;
    PyObject *from, *to;
    if (!PyArg_ParseTuple(args, "dUU:convert", &value, &from, &to)) {
        return NULL;
    }
    PyObject *unit_table = ((module_state *)PyModule_GetState(module))->unit_table;
    PyObject *key = PyTuple_Pack(2, from, to);
    if (key == NULL) {
        return NULL;
    }
    PyObject *factor = PyDict_GetItemWithError(unit_table, key);
    Py_DECREF(key);
    if (factor == NULL) {
        if (!PyErr_Occurred()) {
            PyErr_Format(PyExc_KeyError, "cannot convert %R to %R", from, to);
        }
        return NULL;
    }
    return PyFloat_FromDouble(value * PyFloat_AS_DOUBLE(factor));
}

static PyObject *
builds(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    return PyLong_FromLong(table_builds);
}

static PyMethodDef lazy_cache_methods[] = {
    {"convert", convert, METH_VARARGS, "convert(value, from_unit, to_unit) -> float"},
    {"builds", builds, METH_NOARGS, "builds() -> how many times the unit table was built"},
    {NULL, NULL, 0, NULL}
};

static int
lazy_cache_exec(PyObject *module)
{
    module_state *st = (module_state *)PyModule_GetState(module);
    st->unit_table = build_table();
    return st->unit_table == NULL ? -1 : 0;
}

static int
lazy_cache_traverse(PyObject *module, visitproc visit, void *arg)
{
    Py_VISIT(((module_state *)PyModule_GetState(module))->unit_table);
    return 0;
}

static int
lazy_cache_clear(PyObject *module)
{
    Py_CLEAR(((module_state *)PyModule_GetState(module))->unit_table);
    return 0;
}

static PyModuleDef_Slot lazy_cache_slots[] = {
    {Py_mod_exec, lazy_cache_exec},
#if PY_VERSION_HEX >= 0x030D0000
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
#endif
    {0, NULL}
};

static struct PyModuleDef lazy_cache_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "lazy_cache",
    .m_doc = "Length unit conversion with a table built at import.",
    .m_size = sizeof(module_state),
    .m_methods = lazy_cache_methods,
    .m_slots = lazy_cache_slots,
    .m_traverse = lazy_cache_traverse,
    .m_clear = lazy_cache_clear,
};

PyMODINIT_FUNC
PyInit_lazy_cache(void)
{
    return PyModuleDef_Init(&lazy_cache_module);
}
