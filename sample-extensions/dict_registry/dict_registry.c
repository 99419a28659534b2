/*
 * dict_registry - a name -> handler registry, the way serializers and codec tables keep one.
 *
 * register(name, handler) adds a handler, lookup(name) finds it (falling back to the handler
 * registered as "default"), canonical(name) interns names, tally(names) counts names, and
 * dispatch(name, *args, fallback=None) calls the handler for name.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

typedef struct {
    PyObject *registry;   /* dict: name -> handler, also exposed as dict_registry.registry */
    PyObject *names;      /* dict used to intern registered names */
} registry_state;

static inline registry_state *
get_state(PyObject *module)
{
    return (registry_state *)PyModule_GetState(module);
}

static PyObject *
registry_register(PyObject *module, PyObject *args)
{
    PyObject *name, *handler;

    if (!PyArg_ParseTuple(args, "UO:register", &name, &handler)) {
        return NULL;
    }
    if (PyDict_SetItem(get_state(module)->registry, name, handler) < 0) {
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyObject *
registry_lookup(PyObject *module, PyObject *name)
{
    registry_state *state = get_state(module);
    PyObject *handler = PyDict_GetItem(state->registry, name);

    if (handler == NULL) {
        handler = PyDict_GetItemString(state->registry, "default");
        if (handler == NULL) {
            PyErr_Format(PyExc_LookupError, "no handler registered for %R", name);
            return NULL;
        }
    }
    Py_INCREF(handler);
    return handler;
}

static PyObject *
registry_canonical(PyObject *module, PyObject *name)
{
    PyObject *canonical = PyDict_SetDefault(get_state(module)->names, name, name);

    Py_XINCREF(canonical);
    return canonical;
}

/* Count how often each name occurs; the dict is private to this call. */
static PyObject *
registry_tally(PyObject *module, PyObject *names)
{
    PyObject *counts, *iter, *name;

    counts = PyDict_New();
    if (counts == NULL) {
        return NULL;
    }
    iter = PyObject_GetIter(names);
    if (iter == NULL) {
        Py_DECREF(counts);
        return NULL;
    }
    while ((name = PyIter_Next(iter)) != NULL) {
        PyObject *old = PyDict_GetItem(counts, name);
        PyObject *count = PyLong_FromLong(old != NULL ? PyLong_AsLong(old) + 1 : 1);
        if (count == NULL || PyDict_SetItem(counts, name, count) < 0) {
            Py_XDECREF(count);
            Py_DECREF(name);
            Py_DECREF(iter);
            Py_DECREF(counts);
            return NULL;
        }
        Py_DECREF(count);
        Py_DECREF(name);
    }
    Py_DECREF(iter);
    if (PyErr_Occurred()) {
        Py_DECREF(counts);
        return NULL;
    }
    return counts;
}

static PyObject *
registry_dispatch(PyObject *module, PyObject *args, PyObject *kwargs)
{
    PyObject *name, *rest, *handler, *result;
    PyObject *fallback = NULL;

    if (PyTuple_GET_SIZE(args) < 1) {
        PyErr_SetString(PyExc_TypeError, "dispatch() needs a handler name");
        return NULL;
    }
    if (kwargs != NULL) {
        fallback = PyDict_GetItemString(kwargs, "fallback");
    }
    name = PyTuple_GET_ITEM(args, 0);
    handler = registry_lookup(module, name);
    if (handler == NULL) {
        if (fallback == NULL || !PyErr_ExceptionMatches(PyExc_LookupError)) {
            return NULL;
        }
        PyErr_Clear();
        Py_INCREF(fallback);
        return fallback;
    }
    rest = PyTuple_GetSlice(args, 1, PyTuple_GET_SIZE(args));
    if (rest == NULL) {
        Py_DECREF(handler);
        return NULL;
    }
    result = PyObject_Call(handler, rest, NULL);
    Py_DECREF(rest);
    Py_DECREF(handler);
    return result;
}

static PyMethodDef registry_methods[] = {
    {"register", registry_register, METH_VARARGS, "register(name, handler)"},
    {"lookup", registry_lookup, METH_O, "lookup(name) -> handler"},
    {"canonical", registry_canonical, METH_O, "canonical(name) -> the interned name"},
    {"tally", registry_tally, METH_O, "tally(names) -> {name: count}"},
    {"dispatch", (PyCFunction)(void (*)(void))registry_dispatch, METH_VARARGS | METH_KEYWORDS,
     "dispatch(name, *args, fallback=None)"},
    {NULL, NULL, 0, NULL}
};

static int
registry_exec(PyObject *module)
{
    registry_state *state = get_state(module);

    state->registry = PyDict_New();
    state->names = PyDict_New();
    if (state->registry == NULL || state->names == NULL) {
        return -1;
    }
    return PyModule_AddObjectRef(module, "registry", state->registry);
}

static int
registry_traverse(PyObject *module, visitproc visit, void *arg)
{
    registry_state *state = get_state(module);
    Py_VISIT(state->registry);
    Py_VISIT(state->names);
    return 0;
}

static int
registry_clear(PyObject *module)
{
    registry_state *state = get_state(module);
    Py_CLEAR(state->registry);
    Py_CLEAR(state->names);
    return 0;
}

static PyModuleDef_Slot registry_slots[] = {
    {Py_mod_exec, registry_exec},
#if PY_VERSION_HEX >= 0x030D0000
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
#endif
    {0, NULL}
};

static struct PyModuleDef registry_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "dict_registry",
    .m_doc = "A name -> handler registry.",
    .m_size = sizeof(registry_state),
    .m_methods = registry_methods,
    .m_slots = registry_slots,
    .m_traverse = registry_traverse,
    .m_clear = registry_clear,
};

PyMODINIT_FUNC
PyInit_dict_registry(void)
{
    return PyModuleDef_Init(&registry_module);
}
