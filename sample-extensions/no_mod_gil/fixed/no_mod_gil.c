/*
 * no_mod_gil (fixed): the functions keep no shared state and the exception
 * type lives in module state, so the module declares that it does not need
 * the GIL. The slot exists from CPython 3.13 on, hence the version guard.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

typedef struct {
    PyObject *ChecksumError;
} module_state;

static uint32_t
adler32_update(uint32_t adler, const unsigned char *p, Py_ssize_t n)
{
    uint32_t a = adler & 0xffff, b = adler >> 16;
    while (n-- > 0) {
        a = (a + *p++) % 65521;
        b = (b + a) % 65521;
    }
    return (b << 16) | a;
}

static PyObject *
adler32(PyObject *module, PyObject *arg)
{
    Py_buffer view;
    if (PyObject_GetBuffer(arg, &view, PyBUF_SIMPLE) < 0) {
        return NULL;
    }
    uint32_t r;
    Py_BEGIN_ALLOW_THREADS
    r = adler32_update(1, (const unsigned char *)view.buf, view.len);
    Py_END_ALLOW_THREADS
    PyBuffer_Release(&view);
    return PyLong_FromUnsignedLong(r);
}

static PyObject *
fletcher16(PyObject *module, PyObject *arg)
{
    Py_buffer view;
    if (PyObject_GetBuffer(arg, &view, PyBUF_SIMPLE) < 0) {
        return NULL;
    }
    const unsigned char *p = (const unsigned char *)view.buf;
    uint16_t s1 = 0, s2 = 0;
    for (Py_ssize_t i = 0; i < view.len; i++) {
        s1 = (uint16_t)((s1 + p[i]) % 255);
        s2 = (uint16_t)((s2 + s1) % 255);
    }
    PyBuffer_Release(&view);
    return PyLong_FromUnsignedLong(((unsigned long)s2 << 8) | s1);
}

static PyMethodDef no_mod_gil_methods[] = {
    {"adler32", adler32, METH_O, "adler32(data) -> int"},
    {"fletcher16", fletcher16, METH_O, "fletcher16(data) -> int"},
    {NULL, NULL, 0, NULL}
};

static int
no_mod_gil_exec(PyObject *module)
{
    module_state *st = (module_state *)PyModule_GetState(module);
    st->ChecksumError = PyErr_NewException("no_mod_gil.ChecksumError", PyExc_ValueError, NULL);
    if (st->ChecksumError == NULL) {
        return -1;
    }
    if (PyModule_AddObjectRef(module, "ChecksumError", st->ChecksumError) < 0) {
        return -1;
    }
    return 0;
}

static int
no_mod_gil_traverse(PyObject *module, visitproc visit, void *arg)
{
    module_state *st = (module_state *)PyModule_GetState(module);
    Py_VISIT(st->ChecksumError);
    return 0;
}

static int
no_mod_gil_clear(PyObject *module)
{
    module_state *st = (module_state *)PyModule_GetState(module);
    Py_CLEAR(st->ChecksumError);
    return 0;
}

static PyModuleDef_Slot no_mod_gil_slots[] = {
    {Py_mod_exec, no_mod_gil_exec},
#if PY_VERSION_HEX >= 0x030D0000
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
#endif
    {0, NULL}
};

static struct PyModuleDef no_mod_gil_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "no_mod_gil",
    .m_doc = "Checksums over buffers.",
    .m_size = sizeof(module_state),
    .m_methods = no_mod_gil_methods,
    .m_slots = no_mod_gil_slots,
    .m_traverse = no_mod_gil_traverse,
    .m_clear = no_mod_gil_clear,
};

PyMODINIT_FUNC
PyInit_no_mod_gil(void)
{
    return PyModuleDef_Init(&no_mod_gil_module);
}
