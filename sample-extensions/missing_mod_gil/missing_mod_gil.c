/*
 * missing_mod_gil - CRC-32 and FNV-1a checksums over bytes-like objects.
 *
 * A modern multi-phase module: per-module state (the CRC table and the module's exception
 * type) built in the exec slot, no static mutable state, the GIL released while hashing.
 * crc32(data, value=0) and fnv1a(data) return ints; ChecksumError is raised for empty input
 * when strict=True.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

typedef struct {
    uint32_t crc_table[256];   /* filled once in exec, read-only afterwards */
    PyObject *ChecksumError;
} checksum_state;

static inline checksum_state *
get_state(PyObject *module)
{
    return (checksum_state *)PyModule_GetState(module);
}

static PyObject *
checksum_crc32(PyObject *module, PyObject *args, PyObject *kwargs)
{
    static char *kwlist[] = {"data", "value", "strict", NULL};
    checksum_state *state = get_state(module);
    Py_buffer view;
    unsigned int value = 0;
    int strict = 0;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "y*|Ip:crc32", kwlist, &view, &value, &strict)) {
        return NULL;
    }
    if (strict && view.len == 0) {
        PyBuffer_Release(&view);
        PyErr_SetString(state->ChecksumError, "empty input");
        return NULL;
    }
    const unsigned char *p = view.buf;
    uint32_t crc = ~(uint32_t)value;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t i = 0; i < view.len; i++) {
        crc = state->crc_table[(crc ^ p[i]) & 0xFF] ^ (crc >> 8);
    }
    Py_END_ALLOW_THREADS
    PyBuffer_Release(&view);
    return PyLong_FromUnsignedLong(~crc & 0xFFFFFFFFUL);
}

static PyObject *
checksum_fnv1a(PyObject *module, PyObject *arg)
{
    Py_buffer view;
    uint64_t h = 0xcbf29ce484222325ULL;

    if (PyObject_GetBuffer(arg, &view, PyBUF_SIMPLE) < 0) {
        return NULL;
    }
    const unsigned char *p = view.buf;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t i = 0; i < view.len; i++) {
        h = (h ^ p[i]) * 0x100000001b3ULL;
    }
    Py_END_ALLOW_THREADS
    PyBuffer_Release(&view);
    return PyLong_FromUnsignedLongLong(h);
}

static int
checksum_exec(PyObject *module)
{
    checksum_state *state = get_state(module);

    for (uint32_t n = 0; n < 256; n++) {
        uint32_t c = n;
        for (int k = 0; k < 8; k++) {
            c = (c & 1) ? 0xEDB88320U ^ (c >> 1) : c >> 1;
        }
        state->crc_table[n] = c;
    }
    state->ChecksumError = PyErr_NewException("missing_mod_gil.ChecksumError", PyExc_ValueError, NULL);
    if (state->ChecksumError == NULL) {
        return -1;
    }
    return PyModule_AddObjectRef(module, "ChecksumError", state->ChecksumError);
}

static int
checksum_traverse(PyObject *module, visitproc visit, void *arg)
{
    Py_VISIT(get_state(module)->ChecksumError);
    return 0;
}

static int
checksum_clear(PyObject *module)
{
    Py_CLEAR(get_state(module)->ChecksumError);
    return 0;
}

static void
checksum_free(void *module)
{
    checksum_clear((PyObject *)module);
}

static PyMethodDef checksum_methods[] = {
    {"crc32", (PyCFunction)(void (*)(void))checksum_crc32, METH_VARARGS | METH_KEYWORDS,
     "crc32(data, value=0, strict=False) -> int"},
    {"fnv1a", checksum_fnv1a, METH_O, "fnv1a(data) -> int (64-bit FNV-1a)"},
    {NULL, NULL, 0, NULL}
};

static PyModuleDef_Slot checksum_slots[] = {
    {Py_mod_exec, checksum_exec},
#if PY_VERSION_HEX >= 0x030C0000
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL}
};

static struct PyModuleDef checksum_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "missing_mod_gil",
    .m_doc = "CRC-32 and FNV-1a checksums.",
    .m_size = sizeof(checksum_state),
    .m_methods = checksum_methods,
    .m_slots = checksum_slots,
    .m_traverse = checksum_traverse,
    .m_clear = checksum_clear,
    .m_free = checksum_free,
};

PyMODINIT_FUNC
PyInit_missing_mod_gil(void)
{
    return PyModuleDef_Init(&checksum_module);
}
