/* FT307: the items of PySequence_Fast() used in a loop with an error exit, under the argument's lock. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "ftmigrate_compat.h"

static PyObject *
sum_floats(PyObject *module, PyObject *arg)
{
    PyObject *seq = PySequence_Fast(arg, "expected a sequence");
    Py_ssize_t i, n;
    double total = 0.0;

    if (seq == NULL) {
        return NULL;
    }
    PyObject *result = NULL;
    Py_BEGIN_CRITICAL_SECTION_SEQUENCE_FAST(arg);
    n = PySequence_Fast_GET_SIZE(seq);
    for (i = 0; i < n; i++) {
        double v = PyFloat_AsDouble(PySequence_Fast_GET_ITEM(seq, i));
        if (v == -1.0 && PyErr_Occurred()) {
            Py_DECREF(seq);
            result = NULL;
            goto done;
        }
        total += v;
    }
    Py_DECREF(seq);
    result = PyFloat_FromDouble(total);
done: ;
    Py_END_CRITICAL_SECTION_SEQUENCE_FAST();
    return result;
}

static PyMethodDef fx_methods[] = {
    {"sum_floats", sum_floats, METH_O, NULL},
    {NULL, NULL, 0, NULL}
};

static PyModuleDef_Slot fx_slots[] = {
#if PY_VERSION_HEX >= 0x030D0000
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
#endif
    {0, NULL}
};

static struct PyModuleDef fx_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "fx",
    .m_size = 0,
    .m_methods = fx_methods,
    .m_slots = fx_slots,
};

PyMODINIT_FUNC
PyInit_fx(void)
{
    return PyModuleDef_Init(&fx_module);
}
