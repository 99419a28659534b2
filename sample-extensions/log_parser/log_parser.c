/*
 * log_parser - parse "timestamp|level|message" log lines.
 *
 * parse(line) -> (timestamp, level, message) splits on '|' with strtok; format_time(ts) renders
 * an epoch timestamp as local "YYYY-mm-dd HH:MM:SS" with localtime + strftime; levels() returns
 * the level names. Lines longer than 1023 bytes are rejected.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const level_names[] = {"DEBUG", "INFO", "WARNING", "ERROR", NULL};

static PyObject *
parse(PyObject *module, PyObject *arg)
{
    char buf[1024];
    char *ts_field, *level, *message;
    const char *line;
    Py_ssize_t len;
    long long ts;

    line = PyUnicode_AsUTF8AndSize(arg, &len);
    if (line == NULL) {
        return NULL;
    }
    if (len >= (Py_ssize_t)sizeof(buf)) {
        PyErr_SetString(PyExc_ValueError, "line too long");
        return NULL;
    }
    memcpy(buf, line, (size_t)len + 1);

    ts_field = strtok(buf, "|");
    level = strtok(NULL, "|");
    message = strtok(NULL, "");
    if (ts_field == NULL || level == NULL) {
        PyErr_SetString(PyExc_ValueError, "expected 'timestamp|level|message'");
        return NULL;
    }
    ts = strtoll(ts_field, NULL, 10);
    return Py_BuildValue("(Lss)", ts, level, message != NULL ? message : "");
}

static PyObject *
format_time(PyObject *module, PyObject *arg)
{
    char text[64];
    time_t t;
    struct tm *tm;
    long long ts = PyLong_AsLongLong(arg);

    if (ts == -1 && PyErr_Occurred()) {
        return NULL;
    }
    t = (time_t)ts;
    tm = localtime(&t);
    if (tm == NULL) {
        PyErr_SetString(PyExc_OverflowError, "timestamp out of range");
        return NULL;
    }
    if (strftime(text, sizeof(text), "%Y-%m-%d %H:%M:%S", tm) == 0) {
        PyErr_SetString(PyExc_ValueError, "cannot format timestamp");
        return NULL;
    }
    return PyUnicode_FromString(text);
}

static PyObject *
levels(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    PyObject *out = PyTuple_New(4);
    if (out == NULL) {
        return NULL;
    }
    for (Py_ssize_t i = 0; level_names[i] != NULL; i++) {
        PyObject *s = PyUnicode_FromString(level_names[i]);
        if (s == NULL) {
            Py_DECREF(out);
            return NULL;
        }
        PyTuple_SET_ITEM(out, i, s);
    }
    return out;
}

static PyMethodDef log_parser_methods[] = {
    {"parse", parse, METH_O, "parse(line) -> (timestamp, level, message)"},
    {"format_time", format_time, METH_O, "format_time(ts) -> 'YYYY-mm-dd HH:MM:SS' (local time)"},
    {"levels", levels, METH_NOARGS, "levels() -> tuple of level names"},
    {NULL, NULL, 0, NULL}
};

static PyModuleDef_Slot log_parser_slots[] = {
#if PY_VERSION_HEX >= 0x030D0000
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
#endif
    {0, NULL}
};

static struct PyModuleDef log_parser_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "log_parser",
    .m_doc = "Parse log lines with strtok and localtime (not thread-safe).",
    .m_size = 0,
    .m_methods = log_parser_methods,
    .m_slots = log_parser_slots,
};

PyMODINIT_FUNC
PyInit_log_parser(void)
{
    return PyModuleDef_Init(&log_parser_module);
}
