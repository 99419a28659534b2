/*
 * interned_names - describe objects by a few well-known attributes.
 *
 * describe(obj) returns "name (version)" from obj.name and obj.version, fields() the tuple of
 * attribute names it looks at, and has_version(obj) whether obj.version exists. The attribute
 * names are interned strings, created the first time a function needs them, the way many
 * extensions cached them before module state existed.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *str_name = NULL;      /* "name", interned on first use */
static PyObject *str_version = NULL;   /* "version", interned on first use */
static PyObject *field_names = NULL;   /* ("name", "version") */

static PyObject *
get_attr_or_none(PyObject *obj, PyObject *attr)
{
    PyObject *value = PyObject_GetAttr(obj, attr);
    if (value == NULL && PyErr_ExceptionMatches(PyExc_AttributeError)) {
        PyErr_Clear();
        value = Py_NewRef(Py_None);
    }
    return value;
}

static PyObject *
describe(PyObject *module, PyObject *obj)
{
    PyObject *name, *version, *result;

    if (str_name == NULL) {
        str_name = PyUnicode_InternFromString("name");
        if (str_name == NULL) {
            return NULL;
        }
    }
    if (str_version == NULL) {
        str_version = PyUnicode_InternFromString("version");
        if (str_version == NULL) {
            return NULL;
        }
    }
    name = get_attr_or_none(obj, str_name);
    if (name == NULL) {
        return NULL;
    }
    version = get_attr_or_none(obj, str_version);
    if (version == NULL) {
        Py_DECREF(name);
        return NULL;
    }
    result = PyUnicode_FromFormat("%S (%S)", name, version);
    Py_DECREF(name);
    Py_DECREF(version);
    return result;
}

static PyObject *
fields(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    if (!field_names) {
        field_names = Py_BuildValue("(ss)", "name", "version");
        if (!field_names) {
            return NULL;
        }
    }
    return Py_NewRef(field_names);
}

static PyObject *
has_version(PyObject *module, PyObject *obj)
{
    int found;

    if (str_version == NULL) {
        str_version = PyUnicode_InternFromString("version");
        if (str_version == NULL) {
            return NULL;
        }
    }
    found = PyObject_HasAttr(obj, str_version);
    return PyBool_FromLong(found);
}

static PyMethodDef interned_names_methods[] = {
    {"describe", describe, METH_O, "describe(obj) -> 'name (version)'"},
    {"fields", fields, METH_NOARGS, "fields() -> the attribute names describe() reads"},
    {"has_version", has_version, METH_O, "has_version(obj) -> bool"},
    {NULL, NULL, 0, NULL}
};

static PyModuleDef_Slot interned_names_slots[] = {
#if PY_VERSION_HEX >= 0x030D0000
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
#endif
    {0, NULL}
};

static struct PyModuleDef interned_names_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "interned_names",
    .m_doc = "Describe objects by attributes whose names are interned lazily (not thread-safe).",
    .m_size = 0,
    .m_methods = interned_names_methods,
    .m_slots = interned_names_slots,
};

PyMODINIT_FUNC
PyInit_interned_names(void)
{
    return PyModuleDef_Init(&interned_names_module);
}
