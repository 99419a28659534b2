package dev.ftmigrate.rules.fix;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The text of the compat header a patch adds ({@value #HEADER}): fallbacks for APIs newer than the
 * oldest supported CPython (3.9), in the manner of pythoncapi-compat, one guarded block per API or
 * macro. The fallbacks use only 3.9 APIs, never private fields, and are prefixed {@code ftm_compat_}
 * so they never clash with a real declaration. The analyzer parses as 3.13t, where the
 * version-guarded blocks are inactive, so a re-scan does not flag their internals. Where a fix gets
 * them from is {@link Compat}'s part.
 */
public final class CompatHeader {
    // A project's own fallback (pythoncapi-compat's is a macro) comes first.
    private static final String NEW_REF = """
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
            """;
    private static final String DICT_GET = """
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
            """;
    private static final String DICT_GET_STRING = """
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
            """;
    private static final String LIST_GET = """
            static inline PyObject *
            ftm_compat_PyList_GetItemRef(PyObject *op, Py_ssize_t index)
            {
                PyObject *item = PyList_GetItem(op, index);
                Py_XINCREF(item);
                return item;
            }
            #define PyList_GetItemRef ftm_compat_PyList_GetItemRef
            """;
    private static final String WEAKREF_GET = """
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
            """;
    private static final String IMPORT_ADD = """
            static inline PyObject *
            ftm_compat_PyImport_AddModuleRef(const char *name)
            {
                PyObject *module = PyImport_AddModule(name);
                Py_XINCREF(module);
                return module;
            }
            #define PyImport_AddModuleRef ftm_compat_PyImport_AddModuleRef
            """;
    private static final String SET_DEFAULT = """
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
            """;
    // 3.13t has no public test that another thread holds no reference; the private fields it would
    // take are not for extensions to read, so answer "shared" there: the caller takes its copy path.
    private static final String IS_UNIQUE = """
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
            """;

    private record Api(String since, String hex, String body) {}

    private static final Map<String, Api> APIS = Map.of(
            "Py_NewRef", new Api("3.10", "0x030A00A3", NEW_REF),
            "PyDict_GetItemRef", new Api("3.13", "0x030D0000", DICT_GET),
            "PyDict_GetItemStringRef", new Api("3.13", "0x030D0000", DICT_GET_STRING),
            "PyList_GetItemRef", new Api("3.13", "0x030D0000", LIST_GET),
            "PyWeakref_GetRef", new Api("3.13", "0x030D0000", WEAKREF_GET),
            "PyImport_AddModuleRef", new Api("3.13", "0x030D0000", IMPORT_ADD),
            "PyDict_SetDefaultRef", new Api("3.13", "0x030D0000", SET_DEFAULT),
            "PyUnstable_Object_IsUniquelyReferenced", new Api("3.14", "0x030E0000", IS_UNIQUE));

    /**
     * Macro fallbacks, keyed by the name they provide: guarded by {@code #ifndef} or by the build
     * kind rather than the version, because 3.13 GIL builds define the critical-section macros as
     * plain braces already and only free-threaded builds need a lock at all.
     */
    private static final Map<String, String> MACROS = Map.of(
            "Py_BEGIN_CRITICAL_SECTION", """
                    /* Py_BEGIN_CRITICAL_SECTION() is new in CPython 3.13 (a plain block before) */
                    #ifndef Py_BEGIN_CRITICAL_SECTION
                    #  define Py_BEGIN_CRITICAL_SECTION(op) {
                    #  define Py_END_CRITICAL_SECTION() }
                    #endif
                    """,
            // Internal in 3.13 (pycore_critical_section.h): lock the argument itself, which is what it does for a list.
            "Py_BEGIN_CRITICAL_SECTION_SEQUENCE_FAST", """
                    /* Py_BEGIN_CRITICAL_SECTION_SEQUENCE_FAST() is not public in CPython 3.13 */
                    #ifndef Py_BEGIN_CRITICAL_SECTION_SEQUENCE_FAST
                    #  define Py_BEGIN_CRITICAL_SECTION_SEQUENCE_FAST(original) Py_BEGIN_CRITICAL_SECTION(original)
                    #  define Py_END_CRITICAL_SECTION_SEQUENCE_FAST() Py_END_CRITICAL_SECTION()
                    #endif
                    """,
            "FTM_LOCK", """
                    /* FTM_LOCK() takes a PyMutex (3.13) only where there is no GIL */
                    #ifdef Py_GIL_DISABLED
                    #  define FTM_LOCK(m) PyMutex_Lock(&(m))
                    #  define FTM_UNLOCK(m) PyMutex_Unlock(&(m))
                    #else
                    #  define FTM_LOCK(m) ((void)0)
                    #  define FTM_UNLOCK(m) ((void)0)
                    #endif
                    """,
            // C11 atomics, not CPython's private _Py_atomic_*; a free-threaded build without them must not compile racy code
            // (the error is at the use, so a project whose patch uses no atomics still builds everywhere).
            "FTM_ATOMIC", """
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
                    """,
            // MSVC has the same calls with other names or argument orders; MinGW has the POSIX ones.
            "strtok_r", """
                    /* the POSIX reentrant time and string calls on MSVC */
                    #if defined(_MSC_VER) && !defined(strtok_r)
                    #  define strtok_r strtok_s
                    #  define localtime_r(t, tm) (localtime_s((tm), (t)) == 0 ? (tm) : NULL)
                    #  define gmtime_r(t, tm) (gmtime_s((tm), (t)) == 0 ? (tm) : NULL)
                    #  define ctime_r(t, buf) (ctime_s((buf), 26, (t)) == 0 ? (buf) : NULL)
                    #  define asctime_r(tm, buf) (asctime_s((buf), 26, (tm)) == 0 ? (buf) : NULL)
                    #endif
                    """);

    /** The name of the compat header a patch adds to an extension (one per extension). */
    public static final String HEADER = "ftmigrate_compat.h";
    private static final String GUARD = "FTMIGRATE_COMPAT_H";
    static final List<String> ORDER = List.of("Py_NewRef", "PyDict_GetItemRef", "PyDict_GetItemStringRef", "PyList_GetItemRef",
            "PyWeakref_GetRef", "PyImport_AddModuleRef", "PyDict_SetDefaultRef", "PyUnstable_Object_IsUniquelyReferenced",
            "Py_BEGIN_CRITICAL_SECTION", "Py_BEGIN_CRITICAL_SECTION_SEQUENCE_FAST", "FTM_LOCK", "FTM_ATOMIC", "strtok_r");

    private CompatHeader() {}

    /** Whether there is a fallback for this API or macro. */
    static boolean has(String name) { return APIS.containsKey(name) || MACROS.containsKey(name); }

    /** The guarded block for one API or macro, as it stands in the header. */
    static String block(String name) {
        String macro = MACROS.get(name);
        if (macro != null) return "\n" + macro;
        Api a = APIS.get(name);
        if (a == null) throw new IllegalArgumentException("no compat fallback for " + name);
        return "\n/* " + name + "() is new in CPython " + a.since() + " */\n"
                + "#if PY_VERSION_HEX < " + a.hex() + "\n" + a.body() + "#endif\n";
    }

    /**
     * The whole header, every fallback in it: the same text whichever fix creates it, so the fixes
     * of one run agree on it (the patcher merges identical edits) and a later run finds it complete.
     * When the project vendors pythoncapi_compat.h, the header includes it first and leaves out
     * what it provides (two definitions of one API would not compile).
     */
    public static String header() { return header(null, Set.of()); }

    static String header(String vendoredInclude, Set<String> vendoredNames) {
        StringBuilder b = new StringBuilder();
        b.append("/* Fallbacks for C APIs newer than the oldest CPython this extension supports, in the\n")
                .append(" * manner of pythoncapi-compat: each one is compiled only where CPython lacks it. */\n")
                .append("#ifndef ").append(GUARD).append("\n#define ").append(GUARD).append("\n\n#include <Python.h>\n");
        if (vendoredInclude != null) b.append("#include \"").append(vendoredInclude).append("\"\n");
        for (String n : ORDER) if (!vendoredNames.contains(n)) b.append(block(n));
        return b.append("\n#endif /* ").append(GUARD).append(" */\n").toString();
    }

    /** The first line of a block: how a header shows it has one. */
    static String marker(String name) {
        String b = block(name).substring(1);
        return b.substring(0, b.indexOf('\n'));
    }
}
