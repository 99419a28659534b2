/* FT306: a file that writes its error jumps on one line, "if (x) goto cleanup;": the exits become
   braced two-line bodies, and the jump after the section keeps the file's one-line form and the
   exits' branch hint. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "ftmigrate_compat.h"

#define FX_UNLIKELY(x) __builtin_expect(!!(x), 0)

static int
encode_public(PyObject *out, PyObject *obj)
{
    int status = -1;
    PyObject *dict = PyObject_GetAttrString(obj, "__dict__");
    if (dict == NULL) PyErr_Clear();
    if (Py_EnterRecursiveCall(" while encoding")) goto cleanup;
    if (dict != NULL) {
        PyObject *key, *val;
        Py_ssize_t pos = 0;
        int err = 0;
        Py_BEGIN_CRITICAL_SECTION(dict);
        while (PyDict_Next(dict, &pos, &key, &val)) {
            if (!PyUnicode_CheckExact(key)) continue;
            if (PyUnicode_READ_CHAR(key, 0) == '_') continue;
            if (FX_UNLIKELY(PyList_Append(out, key) < 0)) {
                err = 1;
                break;
            }
            if (PyList_Append(out, val) < 0) {
                err = 1;
                break;
            }
        }
        Py_END_CRITICAL_SECTION();
        if (FX_UNLIKELY(err)) goto leave;
    }
    status = 0;
leave:
    Py_LeaveRecursiveCall();
cleanup:
    Py_XDECREF(dict);
    return status;
}

static PyObject *
encode(PyObject *module, PyObject *obj)
{
    PyObject *out = PyList_New(0);
    if (out == NULL) return NULL;
    if (encode_public(out, obj) < 0) {
        Py_DECREF(out);
        return NULL;
    }
    return out;
}

static PyMethodDef fx_methods[] = {
    {"encode", encode, METH_O, NULL},
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
    return m;
}
