/* Fallbacks for C APIs newer than the oldest CPython this extension supports, in the
 * manner of pythoncapi-compat: each one is compiled only where CPython lacks it. */
#ifndef FTMIGRATE_COMPAT_H
#define FTMIGRATE_COMPAT_H

#include <Python.h>

/* Py_NewRef() is new in CPython 3.10 */
#if PY_VERSION_HEX < 0x030A00A3
#ifndef Py_NewRef
static inline PyObject *
ftm_compat_Py_NewRef(PyObject *obj)
{
    Py_INCREF(obj);
    return obj;
}
static inline PyObject *
ftm_compat_Py_XNewRef(PyObject *obj)
{
    Py_XINCREF(obj);
    return obj;
}
#define Py_NewRef(obj) ftm_compat_Py_NewRef((PyObject *)(obj))
#define Py_XNewRef(obj) ftm_compat_Py_XNewRef((PyObject *)(obj))
#endif
#endif

/* PyDict_GetItemRef() is new in CPython 3.13 */
#if PY_VERSION_HEX < 0x030D0000
static inline int
ftm_compat_PyDict_GetItemRef(PyObject *mp, PyObject *key, PyObject **result)
{
    PyObject *item = PyDict_GetItemWithError(mp, key);
    if (item != NULL) {
        Py_INCREF(item);
        *result = item;
        return 1;
    }
    *result = NULL;
    return PyErr_Occurred() ? -1 : 0;
}
#define PyDict_GetItemRef ftm_compat_PyDict_GetItemRef
#endif

/* PyDict_GetItemStringRef() is new in CPython 3.13 */
#if PY_VERSION_HEX < 0x030D0000
static inline int
ftm_compat_PyDict_GetItemStringRef(PyObject *mp, const char *key, PyObject **result)
{
    PyObject *item, *key_obj = PyUnicode_FromString(key);
    if (key_obj == NULL) {
        *result = NULL;
        return -1;
    }
    item = PyDict_GetItemWithError(mp, key_obj);
    Py_DECREF(key_obj);
    if (item != NULL) {
        Py_INCREF(item);
        *result = item;
        return 1;
    }
    *result = NULL;
    return PyErr_Occurred() ? -1 : 0;
}
#define PyDict_GetItemStringRef ftm_compat_PyDict_GetItemStringRef
#endif

/* PyList_GetItemRef() is new in CPython 3.13 */
#if PY_VERSION_HEX < 0x030D0000
static inline PyObject *
ftm_compat_PyList_GetItemRef(PyObject *op, Py_ssize_t index)
{
    PyObject *item = PyList_GetItem(op, index);
    Py_XINCREF(item);
    return item;
}
#define PyList_GetItemRef ftm_compat_PyList_GetItemRef
#endif

/* PyWeakref_GetRef() is new in CPython 3.13 */
#if PY_VERSION_HEX < 0x030D0000
static inline int
ftm_compat_PyWeakref_GetRef(PyObject *ref, PyObject **pobj)
{
    PyObject *obj;
    if (ref == NULL || !PyWeakref_Check(ref)) {
        *pobj = NULL;
        PyErr_SetString(PyExc_TypeError, "expected a weakref");
        return -1;
    }
    obj = PyWeakref_GetObject(ref);
    if (obj == NULL) {
        *pobj = NULL;
        return -1;
    }
    if (obj == Py_None) {
        *pobj = NULL;
        return 0;
    }
    Py_INCREF(obj);
    *pobj = obj;
    return 1;
}
#define PyWeakref_GetRef ftm_compat_PyWeakref_GetRef
#endif

/* PyImport_AddModuleRef() is new in CPython 3.13 */
#if PY_VERSION_HEX < 0x030D0000
static inline PyObject *
ftm_compat_PyImport_AddModuleRef(const char *name)
{
    PyObject *module = PyImport_AddModule(name);
    Py_XINCREF(module);
    return module;
}
#define PyImport_AddModuleRef ftm_compat_PyImport_AddModuleRef
#endif

/* PyDict_SetDefaultRef() is new in CPython 3.13 */
#if PY_VERSION_HEX < 0x030D0000
static inline int
ftm_compat_PyDict_SetDefaultRef(PyObject *d, PyObject *key, PyObject *default_value, PyObject **result)
{
    PyObject *value = PyDict_GetItemWithError(d, key);
    if (value != NULL) {
        Py_INCREF(value);
        *result = value;
        return 1;
    }
    if (PyErr_Occurred() || PyDict_SetItem(d, key, default_value) < 0) {
        *result = NULL;
        return -1;
    }
    Py_INCREF(default_value);
    *result = default_value;
    return 0;
}
#define PyDict_SetDefaultRef ftm_compat_PyDict_SetDefaultRef
#endif

/* PyUnstable_Object_IsUniquelyReferenced() is new in CPython 3.14 */
#if PY_VERSION_HEX < 0x030E0000
static inline int
ftm_compat_PyUnstable_Object_IsUniquelyReferenced(PyObject *op)
{
#ifdef Py_GIL_DISABLED
    (void)op;
    return 0;
#else
    return Py_REFCNT(op) == 1;
#endif
}
#define PyUnstable_Object_IsUniquelyReferenced(op) ftm_compat_PyUnstable_Object_IsUniquelyReferenced((PyObject *)(op))
#endif

/* Py_BEGIN_CRITICAL_SECTION() is new in CPython 3.13 (a plain block before) */
#ifndef Py_BEGIN_CRITICAL_SECTION
#  define Py_BEGIN_CRITICAL_SECTION(op) {
#  define Py_END_CRITICAL_SECTION() }
#endif

/* Py_BEGIN_CRITICAL_SECTION_SEQUENCE_FAST() is not public in CPython 3.13 */
#ifndef Py_BEGIN_CRITICAL_SECTION_SEQUENCE_FAST
#  define Py_BEGIN_CRITICAL_SECTION_SEQUENCE_FAST(original) Py_BEGIN_CRITICAL_SECTION(original)
#  define Py_END_CRITICAL_SECTION_SEQUENCE_FAST() Py_END_CRITICAL_SECTION()
#endif

/* FTM_LOCK() takes a PyMutex (3.13) only where there is no GIL */
#ifdef Py_GIL_DISABLED
#  define FTM_LOCK(m) PyMutex_Lock(&(m))
#  define FTM_UNLOCK(m) PyMutex_Unlock(&(m))
#else
#  define FTM_LOCK(m) ((void)0)
#  define FTM_UNLOCK(m) ((void)0)
#endif

/* FTM_ATOMIC makes a counter or flag a C11 atomic where there is no GIL */
#if !defined(Py_GIL_DISABLED)
#  define FTM_ATOMIC
#elif !defined(__cplusplus) && defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L && !defined(__STDC_NO_ATOMICS__)
#  include <stdatomic.h>
#  define FTM_ATOMIC _Atomic
#else
/* no C11 atomics (MSVC: /std:c11 /experimental:c11atomics): a file that uses FTM_ATOMIC fails to
   compile there, naming this; files that do not use it are not affected */
#  define FTM_ATOMIC FTM_ATOMIC_needs_C11_atomics_on_free_threaded_builds
#endif

/* the POSIX reentrant time and string calls on MSVC */
#if defined(_MSC_VER) && !defined(strtok_r)
#  define strtok_r strtok_s
#  define localtime_r(t, tm) (localtime_s((tm), (t)) == 0 ? (tm) : NULL)
#  define gmtime_r(t, tm) (gmtime_s((tm), (t)) == 0 ? (tm) : NULL)
#  define ctime_r(t, buf) (ctime_s((buf), 26, (t)) == 0 ? (buf) : NULL)
#  define asctime_r(tm, buf) (asctime_s((buf), 26, (tm)) == 0 ? (buf) : NULL)
#endif

#endif /* FTMIGRATE_COMPAT_H */
