/* FT403: a free list popped in a loop, not the classic if/else: left to a human (advice). */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *free_list[16];
static int numfree;

static PyObject *
take(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    PyObject *op = NULL;
    while (numfree > 0 && op == NULL) {
        op = free_list[--numfree];
    }
    if (op == NULL) {
        op = PyList_New(0);
    }
    return op;
}

static PyObject *
give(PyObject *module, PyObject *op)
{
    if (numfree < 16) {
        free_list[numfree++] = Py_NewRef(op);
    }
    Py_RETURN_NONE;
}

static PyMethodDef fx_methods[] = {
    {"take", take, METH_NOARGS, NULL},
    {"give", give, METH_O, NULL},
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
