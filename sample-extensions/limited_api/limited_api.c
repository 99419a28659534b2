/*
 * limited_api - small numeric helpers built against the stable ABI (abi3), so that one wheel
 * serves every CPython from 3.9 on.
 *
 * clamp(x, lo, hi), lerp(a, b, t) and mean(iterable) return floats.
 */
#define PY_SSIZE_T_CLEAN
#define Py_LIMITED_API 0x03090000
#include <Python.h>

static PyObject *
limited_clamp(PyObject *module, PyObject *args)
{
    double x, lo, hi;

    if (!PyArg_ParseTuple(args, "ddd:clamp", &x, &lo, &hi)) {
        return NULL;
    }
    if (lo > hi) {
        PyErr_SetString(PyExc_ValueError, "clamp() requires lo <= hi");
        return NULL;
    }
    return PyFloat_FromDouble(x < lo ? lo : (x > hi ? hi : x));
}

static PyObject *
limited_lerp(PyObject *module, PyObject *args)
{
    double a, b, t;

    if (!PyArg_ParseTuple(args, "ddd:lerp", &a, &b, &t)) {
        return NULL;
    }
    return PyFloat_FromDouble(a + (b - a) * t);
}

static PyObject *
limited_mean(PyObject *module, PyObject *iterable)
{
    PyObject *iter, *item;
    double total = 0.0;
    Py_ssize_t count = 0;

    iter = PyObject_GetIter(iterable);
    if (iter == NULL) {
        return NULL;
    }
    while ((item = PyIter_Next(iter)) != NULL) {
        double v = PyFloat_AsDouble(item);
        Py_DECREF(item);
        if (v == -1.0 && PyErr_Occurred()) {
            Py_DECREF(iter);
            return NULL;
        }
        total += v;
        count++;
    }
    Py_DECREF(iter);
    if (PyErr_Occurred()) {
        return NULL;
    }
    if (count == 0) {
        PyErr_SetString(PyExc_ValueError, "mean() of an empty iterable");
        return NULL;
    }
    return PyFloat_FromDouble(total / (double)count);
}

static PyMethodDef limited_methods[] = {
    {"clamp", limited_clamp, METH_VARARGS, "clamp(x, lo, hi) -> float"},
    {"lerp", limited_lerp, METH_VARARGS, "lerp(a, b, t) -> float"},
    {"mean", limited_mean, METH_O, "mean(iterable) -> float"},
    {NULL, NULL, 0, NULL}
};

static int
limited_exec(PyObject *module)
{
    return PyModule_AddStringConstant(module, "ABI", "abi3");
}

static PyModuleDef_Slot limited_slots[] = {
    {Py_mod_exec, limited_exec},
#ifdef Py_mod_gil   /* only defined for 3.13+ headers without a pre-3.13 Py_LIMITED_API */
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
#endif
    {0, NULL}
};

static struct PyModuleDef limited_module = {
    PyModuleDef_HEAD_INIT,
    "limited_api",
    "Numeric helpers built for the stable ABI.",
    0,
    limited_methods,
    limited_slots,
    NULL,
    NULL,
    NULL
};

PyMODINIT_FUNC
PyInit_limited_api(void)
{
    return PyModuleDef_Init(&limited_module);
}
