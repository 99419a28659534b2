/*
 * legacy_module - helpers for embedding-style scripting, written in the classic single-phase
 * style (PyInit_* calls PyModule_Create) that most extensions still use.
 *
 * run(code) executes a snippet in __main__ and returns __main__.result if that name exists (the
 * snippet may set it); adler32(data) checksums a bytes-like object; legacy_module.constants is a
 * submodule with a few constants.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#define LEGACY_VERSION "2.4.1"

static PyObject *
legacy_run(PyObject *self, PyObject *args)
{
    const char *code;
    PyObject *main_module, *globals, *res;

    if (!PyArg_ParseTuple(args, "s:run", &code)) {
        return NULL;
    }
    main_module = PyImport_AddModule("__main__");
    if (main_module == NULL) {
        return NULL;
    }
    globals = PyModule_GetDict(main_module);
    res = PyRun_String(code, Py_file_input, globals, globals);
    if (res == NULL) {
        return NULL;
    }
    Py_DECREF(res);
    if (PyObject_HasAttrString(main_module, "result")) {
        return PyObject_GetAttrString(main_module, "result");
    }
    Py_RETURN_NONE;
}

static PyObject *
legacy_adler32(PyObject *self, PyObject *args)
{
    Py_buffer view;
    unsigned long a = 1, b = 0;

    if (!PyArg_ParseTuple(args, "y*:adler32", &view)) {
        return NULL;
    }
    const unsigned char *p = view.buf;
    Py_BEGIN_ALLOW_THREADS
    for (Py_ssize_t i = 0; i < view.len; i++) {
        a = (a + p[i]) % 65521;
        b = (b + a) % 65521;
    }
    Py_END_ALLOW_THREADS
    PyBuffer_Release(&view);
    return PyLong_FromUnsignedLong((b << 16) | a);
}

static PyObject *
legacy_version(PyObject *self, PyObject *Py_UNUSED(ignored))
{
    return PyUnicode_FromString(LEGACY_VERSION);
}

static PyMethodDef legacy_methods[] = {
    {"run", legacy_run, METH_VARARGS, "run(code) -> value of 'result' in __main__, or None"},
    {"adler32", legacy_adler32, METH_VARARGS, "adler32(data) -> int"},
    {"version", legacy_version, METH_NOARGS, "version() -> str"},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef legacy_moduledef = {
    PyModuleDef_HEAD_INIT,
    "legacy_module",
    "Scripting helpers (single-phase initialisation).",
    -1,
    legacy_methods,
    NULL,
    NULL,
    NULL,
    NULL
};

PyMODINIT_FUNC
PyInit_legacy_module(void)
{
    PyObject *m, *constants;

    m = PyModule_Create(&legacy_moduledef);
    if (m == NULL) {
        return NULL;
    }

    /* Register the constants submodule in sys.modules so "import legacy_module.constants" works. */
    constants = PyImport_AddModule("legacy_module.constants");
    if (constants == NULL) {
        goto error;
    }
    if (PyModule_AddIntConstant(constants, "MOD_ADLER", 65521) < 0 ||
        PyModule_AddStringConstant(constants, "VERSION", LEGACY_VERSION) < 0) {
        goto error;
    }
    Py_INCREF(constants);
    if (PyModule_AddObject(m, "constants", constants) < 0) {
        Py_DECREF(constants);
        goto error;
    }
    if (PyModule_AddStringConstant(m, "__version__", LEGACY_VERSION) < 0) {
        goto error;
    }
    return m;

error:
    Py_DECREF(m);
    return NULL;
}
