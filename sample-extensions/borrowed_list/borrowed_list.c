/*
 * borrowed_list: a registry of handlers kept in a module-level list that
 * any thread may read or update, like the codec, format and plugin
 * registries of imaging and serialization libraries.
 *
 * Hazard (FT302): describe() takes a *borrowed* reference with
 * PyList_GetItem() and then works with it. Under the GIL nothing could
 * replace the item meanwhile; on a free-threaded interpreter another thread
 * calling register_handler() on the same slot drops the list's reference,
 * the old handler is freed, and describe() reads freed memory: wrong
 * results, crashes, or hangs.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#define N_SLOTS 8

static PyObject *handlers = NULL;   /* list of N_SLOTS handler tuples (name, priority, options) */

static PyObject *
register_handler(PyObject *module, PyObject *args)
{
    Py_ssize_t slot;
    PyObject *handler;
    if (!PyArg_ParseTuple(args, "nO!:register_handler", &slot, &PyTuple_Type, &handler)) {
        return NULL;
    }
    if (slot < 0 || slot >= N_SLOTS) {
        PyErr_SetString(PyExc_IndexError, "slot out of range");
        return NULL;
    }
    if (PyList_SetItem(handlers, slot, Py_NewRef(handler)) < 0) {  /* drops the old handler */
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyObject *
describe(PyObject *module, PyObject *arg)
{
    Py_ssize_t slot = PyLong_AsSsize_t(arg);
    if (slot == -1 && PyErr_Occurred()) {
        return NULL;
    }
    PyObject *handler = PyList_GetItem(handlers, slot);   /* borrowed */
    if (handler == NULL) {
        return NULL;
    }
    if (!PyTuple_Check(handler) || PyTuple_GET_SIZE(handler) != 3) {
        PyErr_SetString(PyExc_TypeError, "corrupted handler entry");
        return NULL;
    }
    PyObject *name = PyTuple_GET_ITEM(handler, 0);
    PyObject *priority = PyTuple_GET_ITEM(handler, 1);
    PyObject *options = PyTuple_GET_ITEM(handler, 2);
    return PyUnicode_FromFormat("%U(priority=%S, options=%R)", name, priority, options);
}

static PyMethodDef borrowed_list_methods[] = {
    {"register_handler", register_handler, METH_VARARGS, "register_handler(slot, (name, priority, options))"},
    {"describe", describe, METH_O, "describe(slot) -> str"},
    {NULL, NULL, 0, NULL}
};

static int
borrowed_list_exec(PyObject *module)
{
    if (handlers == NULL) {
        handlers = PyList_New(N_SLOTS);
        if (handlers == NULL) {
            return -1;
        }
        for (Py_ssize_t i = 0; i < N_SLOTS; i++) {
            PyObject *h = Py_BuildValue("(sn())", "default", i);
            if (h == NULL) {
                return -1;
            }
            PyList_SET_ITEM(handlers, i, h);
        }
    }
    return PyModule_AddIntConstant(module, "SLOTS", N_SLOTS);
}

static PyModuleDef_Slot borrowed_list_slots[] = {
    {Py_mod_exec, borrowed_list_exec},
#if PY_VERSION_HEX >= 0x030D0000
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
#endif
    {0, NULL}
};

static struct PyModuleDef borrowed_list_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "borrowed_list",
    .m_doc = "A registry of handlers in a shared list.",
    .m_size = 0,
    .m_methods = borrowed_list_methods,
    .m_slots = borrowed_list_slots,
};

PyMODINIT_FUNC
PyInit_borrowed_list(void)
{
    return PyModuleDef_Init(&borrowed_list_module);
}
