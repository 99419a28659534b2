/* FT401: a static pointer read under the lock and used after it: the reader takes its own
   reference under the lock where the code takes one anyway (a getter's new reference). */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *current = NULL;   /* set at exec, replaced by set_current() */

static PyObject *
get_current(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    Py_INCREF(current);
    return current;
}

static PyObject *
set_current(PyObject *module, PyObject *arg)
{
    Py_XSETREF(current, Py_NewRef(arg));
    Py_RETURN_NONE;
}

static PyObject *
describe(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    PyObject *c = current;
    Py_XINCREF(c);
    if (c == NULL) {
        return PyUnicode_FromString("none");
    }
    PyObject *r = PyObject_Repr(c);
    Py_DECREF(c);
    return r;
}

static PyMethodDef fx_methods[] = {
    {"get_current", get_current, METH_NOARGS, NULL},
    {"set_current", set_current, METH_O, NULL},
    {"describe", describe, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static int
fx_exec(PyObject *module)
{
    current = Py_NewRef(Py_None);
    return 0;
}

static PyModuleDef_Slot fx_slots[] = {
    {Py_mod_exec, fx_exec},
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
