/* FT401: a static declared once per platform and used by code common to both: its mutex must
   be declared where every use sees it (after the #endif), or the build breaks off Linux. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#ifdef __linux__
static double scale = 1.0;      /* /proc based clock */
#else
static double scale = 1000.0;
#endif

static PyObject *
set_scale(PyObject *module, PyObject *arg)
{
    double v = PyFloat_AsDouble(arg);
    if (v == -1.0 && PyErr_Occurred()) {
        return NULL;
    }
    scale = scale * v;
    Py_RETURN_NONE;
}

static PyMethodDef fx_methods[] = {
    {"set_scale", set_scale, METH_O, NULL},
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
