/* FT501: strtok and the time calls, rewritten to their reentrant variants; getenv keeps its advice. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "ftmigrate_compat.h"
#include <string.h>
#include <stdlib.h>
#include <time.h>

static PyObject *
split_fields(PyObject *module, PyObject *arg)
{
    char *ftm_save = NULL;
    char buf[256];
    const char *s = PyUnicode_AsUTF8(arg);
    PyObject *out;
    char *tok;

    if (s == NULL) {
        return NULL;
    }
    if (strlen(s) >= sizeof(buf)) {
        PyErr_SetString(PyExc_ValueError, "too long");
        return NULL;
    }
    strcpy(buf, s);
    out = PyList_New(0);
    if (out == NULL) {
        return NULL;
    }
    for (tok = strtok_r(buf, ",", &ftm_save); tok != NULL; tok = strtok_r(NULL, ",", &ftm_save)) {
        PyObject *item = PyUnicode_FromString(tok);
        if (item == NULL || PyList_Append(out, item) < 0) {
            Py_XDECREF(item);
            Py_DECREF(out);
            return NULL;
        }
        Py_DECREF(item);
    }
    return out;
}

static PyObject *
stamp(PyObject *module, PyObject *arg)
{
    struct tm ftm_tm;
    char ftm_timebuf[26];
    time_t t = (time_t)PyLong_AsLongLong(arg);
    struct tm *local, *utc;
    char *text;

    if (t == (time_t)-1 && PyErr_Occurred()) {
        return NULL;
    }
    local = localtime_r(&t, &ftm_tm);
    if (local == NULL) {
        return PyErr_Format(PyExc_OverflowError, "bad time");
    }
    int hour = local->tm_hour;
    utc = gmtime_r(&t, &ftm_tm);
    if (utc == NULL) {
        return PyErr_Format(PyExc_OverflowError, "bad time");
    }
    text = ctime_r(&t, ftm_timebuf);
    return Py_BuildValue("(iis)", hour, utc->tm_hour, text != NULL ? text : "");
}

static struct tm *
broken_down(time_t t)
{
    return localtime(&t);
}

static PyObject *
year(PyObject *module, PyObject *arg)
{
    struct tm *tm = broken_down((time_t)PyLong_AsLongLong(arg));
    const char *home = getenv("HOME");
    if (tm == NULL) {
        Py_RETURN_NONE;
    }
    return Py_BuildValue("(is)", tm->tm_year + 1900, home != NULL ? home : "");
}

static PyMethodDef fx_methods[] = {
    {"split_fields", split_fields, METH_O, NULL},
    {"stamp", stamp, METH_O, NULL},
    {"year", year, METH_O, NULL},
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
