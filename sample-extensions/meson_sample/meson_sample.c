/*
 * meson_sample: a tiny extension built with meson-python. Its functions keep no
 * state between calls and the module declares Py_MOD_GIL_NOT_USED, so it is
 * ready for free-threaded CPython: `ftmigrate check` should find nothing and
 * every test should pass with threads.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *
checksum(PyObject *module, PyObject *arg)
{
    Py_buffer view;
    if (PyObject_GetBuffer(arg, &view, PyBUF_SIMPLE) < 0) {
        return NULL;
    }
    unsigned long sum = 0;
    const unsigned char *p = view.buf;
    for (Py_ssize_t i = 0; i < view.len; i++) {
        sum = (sum * 31 + p[i]) & 0xffffffffUL;
    }
    PyBuffer_Release(&view);
    return PyLong_FromUnsignedLong(sum);
}

static PyMethodDef meson_sample_methods[] = {
    {"checksum", checksum, METH_O, "checksum(data) -> int: a 32-bit rolling checksum of a bytes-like object"},
    {NULL, NULL, 0, NULL}
};

static PyModuleDef_Slot meson_sample_slots[] = {
#if PY_VERSION_HEX >= 0x030D0000
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
#endif
    {0, NULL}
};

static struct PyModuleDef meson_sample_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "meson_sample",
    .m_doc = "A stateless checksum, built with meson-python.",
    .m_size = 0,
    .m_methods = meson_sample_methods,
    .m_slots = meson_sample_slots,
};

PyMODINIT_FUNC
PyInit_meson_sample(void)
{
    return PyModuleDef_Init(&meson_sample_module);
}
