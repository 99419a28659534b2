/* A project's own copy of pythoncapi-compat (only what this test needs). */
#ifndef PYTHONCAPI_COMPAT
#define PYTHONCAPI_COMPAT
#include <Python.h>
#if PY_VERSION_HEX < 0x030D00A1
static inline int
PyDict_GetItemRef(PyObject *mp, PyObject *key, PyObject **result)
{
    *result = PyDict_GetItemWithError(mp, key);
    if (*result != NULL) { Py_INCREF(*result); return 1; }
    return PyErr_Occurred() ? -1 : 0;
}
#endif
#endif
