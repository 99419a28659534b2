/* FT306: C89 style, a bare jump on the line after its condition, braces on their own line: the
   flag joins the block's declarations, the exits get braced bodies in that brace style, and the
   jump after the section is written as the file writes its jumps, with the exits' branch hint. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#define unlikely(x) __builtin_expect(!!(x), 0)

static int
load_build(PyObject *inst, PyObject *state)
{
    PyObject *slotstate = NULL;
    int status = 0;

    if (PyTuple_Check(state) && PyTuple_GET_SIZE(state) == 2)
    {
        slotstate = PyTuple_GET_ITEM(state, 1);
        state = PyTuple_GET_ITEM(state, 0);
    }
    if (slotstate != NULL && slotstate != Py_None)
    {
        PyObject *d_key, *d_value;
        Py_ssize_t i;

        if (!PyDict_Check(slotstate))
        {
            PyErr_SetString(PyExc_TypeError, "slot state is not a dictionary");
            goto error;
        }
        i = 0;
        while (PyDict_Next(slotstate, &i, &d_key, &d_value))
        {
            if (unlikely(PyObject_SetAttr(inst, d_key, d_value) < 0))
                goto error;
        }
    }

    if (0)
    {
  error:
        status = -1;
    }
    return status;
}

static PyObject *
build(PyObject *module, PyObject *args)
{
    PyObject *inst, *state;

    if (!PyArg_ParseTuple(args, "OO", &inst, &state))
        return NULL;
    if (load_build(inst, state) < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyMethodDef fx_methods[] = {
    {"build", build, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef fx_module = {
    PyModuleDef_HEAD_INIT,
    "fx",
    NULL,
    0,
    fx_methods,
};

PyMODINIT_FUNC
PyInit_fx(void)
{
    return PyModule_Create(&fx_module);
}
