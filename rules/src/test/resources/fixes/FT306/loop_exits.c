/* FT306: loops whose exits jump where the section cannot follow: each exit breaks out of the loop
   with a flag set, and the jump is taken once the section has closed. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* The instance dict is a local tested for NULL, so the section cannot open earlier; the exits
   jump to a label outside the if-block. */
static PyObject *
public_attrs(PyObject *obj)
{
    PyObject *out = PyList_New(0);
    PyObject *dict = NULL;
    if (out == NULL) {
        return NULL;
    }
    dict = PyObject_GetAttrString(obj, "__dict__");
    if (dict == NULL) {
        PyErr_Clear();
    }
    else {
        PyObject *key, *value;
        Py_ssize_t pos = 0;
        while (PyDict_Next(dict, &pos, &key, &value)) {
            if (!PyUnicode_Check(key)) {
                continue;
            }
            if (PyUnicode_READ_CHAR(key, 0) == '_') {
                continue;
            }
            if (PyList_Append(out, key) < 0) {
                goto error;
            }
        }
    }
    if (PyList_Sort(out) < 0) {
        goto error;
    }
    Py_XDECREF(dict);
    return out;
error:
    Py_XDECREF(dict);
    Py_DECREF(out);
    return NULL;
}

/* A return with a constant value, and an "err" the function already has. */
typedef struct {
    PyObject_HEAD
    PyObject *table;
} RegistryObject;

static int
registry_total(RegistryObject *self, Py_ssize_t *total)
{
    int err = 0;
    if (self->table != NULL) {
        PyObject *key, *value;
        Py_ssize_t pos = 0;
        while (PyDict_Next(self->table, &pos, &key, &value)) {
            Py_ssize_t n = PyObject_Length(value);
            if (n < 0) {
                return -1;
            }
            *total += n;
        }
    }
    return err;
}

/* Two loops in sibling blocks: each declares its own flag, named alike; the C89 style of the
   function is kept (the flag joins the block's declarations). */
static int
apply_state(PyObject *inst, PyObject *src)
{
    PyObject *state = PyObject_GetAttrString(src, "state");
    PyObject *slots = PyObject_GetAttrString(src, "slots");
    if (state != NULL && PyDict_Check(state)) {
        PyObject *key, *value;
        Py_ssize_t pos;

        pos = 0;
        while (PyDict_Next(state, &pos, &key, &value)) {
            if (PyObject_SetAttr(inst, key, value) < 0) {
                goto error;
            }
        }
    }
    if (slots != NULL && PyDict_Check(slots)) {
        PyObject *key, *value;
        Py_ssize_t pos = 0;
        while (PyDict_Next(slots, &pos, &key, &value)) {
            if (PyObject_SetAttr(inst, key, value) < 0) {
                goto error;
            }
        }
    }
    Py_XDECREF(state);
    Py_XDECREF(slots);
    return 0;
error:
    Py_XDECREF(state);
    Py_XDECREF(slots);
    return -1;
}

/* The dict is released on both ways out: a section running to the final return would release it
   while held, so the section stays around the loop and its exit breaks out. */
static int
check_keys(PyObject *obj)
{
    PyObject *dict = PyObject_GetAttrString(obj, "__dict__");
    PyObject *key, *value;
    Py_ssize_t pos = 0;
    if (dict == NULL) {
        return -1;
    }
    while (PyDict_Next(dict, &pos, &key, &value)) {
        if (!PyUnicode_Check(key)) {
            goto error;
        }
    }
    Py_DECREF(dict);
    return 0;
error:
    PyErr_SetString(PyExc_TypeError, "attribute names must be strings");
    Py_DECREF(dict);
    return -1;
}

/* Declined: the loop releases the dict it iterates, which could free it under its own section. */
static int
sum_lengths(PyObject *obj, Py_ssize_t *total)
{
    PyObject *dict = PyObject_GetAttrString(obj, "__dict__");
    if (dict == NULL) {
        return -1;
    }
    if (PyDict_Check(dict)) {
        PyObject *key, *value;
        Py_ssize_t pos = 0;
        /* expect-advice: release `dict` itself */
        while (PyDict_Next(dict, &pos, &key, &value)) {
            Py_ssize_t n = PyObject_Length(value);
            if (n < 0) {
                Py_DECREF(dict);
                return -1;
            }
            *total += n;
        }
    }
    Py_DECREF(dict);
    return 0;
}

/* Declined: the exit sits in an inner loop, where a break would only leave that loop. */
static int
check_tuples(PyObject *obj)
{
    PyObject *dict = PyObject_GetAttrString(obj, "__dict__");
    if (dict == NULL) {
        return -1;
    }
    if (PyDict_Check(dict)) {
        PyObject *key, *value;
        Py_ssize_t pos = 0;
        /* expect-advice: nested loop or switch */
        while (PyDict_Next(dict, &pos, &key, &value)) {
            if (!PyTuple_Check(value)) {
                continue;
            }
            for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(value); i++) {
                if (PyTuple_GET_ITEM(value, i) == Py_None) {
                    goto error;
                }
            }
        }
    }
    Py_DECREF(dict);
    return 0;
error:
    PyErr_SetString(PyExc_ValueError, "None in a tuple");
    Py_DECREF(dict);
    return -1;
}

/* Declined: the exits go to two places, and one flag cannot say which. */
static int
first_negative(PyObject *obj, PyObject **found)
{
    PyObject *dict = PyObject_GetAttrString(obj, "__dict__");
    if (dict == NULL) {
        return -1;
    }
    if (PyDict_Check(dict)) {
        PyObject *key, *value;
        Py_ssize_t pos = 0;
        /* expect-advice: go to different places */
        while (PyDict_Next(dict, &pos, &key, &value)) {
            if (!PyLong_Check(value)) {
                goto error;
            }
            if (PyLong_AsLong(value) < 0) {
                *found = Py_NewRef(key);
                goto done;
            }
        }
    }
    *found = NULL;
done:
    Py_DECREF(dict);
    return 0;
error:
    PyErr_SetString(PyExc_TypeError, "not an int");
    Py_DECREF(dict);
    return -1;
}

/* Declined: the return hands back a value made inside the loop. */
static PyObject *
registry_first_name(RegistryObject *self)
{
    if (self->table != NULL) {
        Py_ssize_t pos = 0;
        PyObject *key, *value;
        /* expect-advice: returns a value computed in the loop */
        while (PyDict_Next(self->table, &pos, &key, &value)) {
            PyObject *name = PyObject_Str(key);
            if (name != NULL && PyUnicode_GET_LENGTH(name) > 0) {
                return name;
            }
            Py_XDECREF(name);
        }
    }
    Py_RETURN_NONE;
}

/* Declined: right after a case label no declaration may stand (before C23). */
static int
merge_by_kind(PyObject *out, PyObject *obj, int kind)
{
    PyObject *dict = PyObject_GetAttrString(obj, "__dict__");
    PyObject *key, *value;
    Py_ssize_t pos = 0;
    if (dict == NULL) {
        return -1;
    }
    switch (kind) {
    case 1:
        /* expect-advice: follows a case label */
        while (PyDict_Next(dict, &pos, &key, &value)) {
            if (PyDict_SetItem(out, key, value) < 0) {
                goto error;
            }
        }
        break;
    default:
        break;
    }
    Py_DECREF(dict);
    return 0;
error:
    Py_DECREF(dict);
    return -1;
}

static PyMethodDef fx_methods[] = {
    {"public_attrs", (PyCFunction)public_attrs, METH_O, NULL},
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
    PyObject *m = PyModule_Create(&fx_module);
    (void)registry_total;
    (void)check_keys;
    (void)sum_lengths;
    (void)apply_state;
    (void)check_tuples;
    (void)first_negative;
    (void)registry_first_name;
    (void)merge_by_kind;
    return m;
}
