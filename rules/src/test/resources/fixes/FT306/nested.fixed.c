/* FT306: loops with exits inside, where the section must close without an exit flag. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "ftmigrate_compat.h"

/* The loop sits in an if-block and jumps to the error label: the dict is a parameter, valid from
   the function's start, so the section runs from that if-block to the final return. */
static int
copy_str_items(PyObject *out, PyObject *src)
{
    int result = 0;
    Py_BEGIN_CRITICAL_SECTION(src);
    if (PyDict_CheckExact(src)) {
        PyObject *key, *value;
        Py_ssize_t pos = 0;
        while (PyDict_Next(src, &pos, &key, &value)) {
            if (!PyUnicode_Check(key)) {
                PyErr_SetString(PyExc_TypeError, "keys must be strings");
                goto error;
            }
            if (PyDict_SetItem(out, key, value) < 0) {
                goto error;
            }
        }
    }
    else {
        if (PyDict_Update(out, src) < 0) {
            goto error;
        }
    }
    result = 0;
    goto done;
error:
    result = -1;
done: ;
    Py_END_CRITICAL_SECTION();
    return result;
}

/* A goto before the loop reaches the cleanup label too: the section ends just before that label,
   where the normal path falls in as well. */
static PyObject *
invert(PyObject *module, PyObject *arg)
{
    PyObject *key, *value, *out = NULL;
    PyObject *map = PyObject_GetAttrString(arg, "mapping");
    Py_ssize_t pos = 0;
    if (map == NULL) {
        goto cleanup;
    }
    out = PyDict_New();
    if (out == NULL) {
        goto cleanup;
    }
    Py_BEGIN_CRITICAL_SECTION(map);
    while (PyDict_Next(map, &pos, &key, &value)) {
        if (PyDict_SetItem(out, value, key) < 0) {
            Py_CLEAR(out);
            goto done;
        }
    }
    if (PyDict_Size(out) == 0) {
        PyErr_SetString(PyExc_ValueError, "empty mapping");
        Py_CLEAR(out);
    }
done: ;
    Py_END_CRITICAL_SECTION();
cleanup:
    Py_XDECREF(map);
    return out;
}

/* Inside a NULL test of a local, with an exit: the section cannot open earlier, and its end cannot
   reach the error label outside the if-block: the exit breaks out of the loop with a flag set
   (more shapes in loop_exits.c). */
static int
count_ints(PyObject *obj, Py_ssize_t *count)
{
    PyObject *dict = PyObject_GetAttrString(obj, "__dict__");
    if (dict == NULL) {
        PyErr_Clear();
    }
    if (dict != NULL) {
        PyObject *key, *value;
        Py_ssize_t pos = 0;
        int err = 0;
        Py_BEGIN_CRITICAL_SECTION(dict);
        while (PyDict_Next(dict, &pos, &key, &value)) {
            if (!PyUnicode_Check(key)) {
                PyErr_SetString(PyExc_TypeError, "attribute names must be strings");
                err = 1;
                break;
            }
            *count += PyLong_Check(value);
        }
        Py_END_CRITICAL_SECTION();
        if (err) {
            goto error;
        }
        Py_DECREF(dict);
    }
    return 0;
error:
    Py_XDECREF(dict);
    return -1;
}

/* Two loops over one parameter: the first one's section runs to the final return and covers the
   second, which is not locked a second time. */
static Py_ssize_t
copy_and_count(PyObject *out, PyObject *src)
{
    PyObject *key, *value;
    Py_ssize_t pos = 0, n = 0;
    Py_BEGIN_CRITICAL_SECTION(src);
    if (PyDict_CheckExact(out)) {
        while (PyDict_Next(src, &pos, &key, &value)) {
            if (PyDict_SetItem(out, key, value) < 0) {
                n = -1;
                goto done;
            }
        }
    }
    pos = 0;
    while (PyDict_Next(src, &pos, &key, &value)) {
        n += PyLong_Check(value);
    }
done: ;
    Py_END_CRITICAL_SECTION();
    return n;
}

static PyMethodDef fx_methods[] = {
    {"invert", invert, METH_O, NULL},
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
#ifdef Py_GIL_DISABLED
    if (m != NULL) {
        PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED);
    }
#endif
    (void)copy_str_items;
    (void)count_ints;
    (void)copy_and_count;
    return m;
}
