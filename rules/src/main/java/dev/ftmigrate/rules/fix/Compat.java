package dev.ftmigrate.rules.fix;

import dev.ftmigrate.analyzer.FileModel;
import dev.ftmigrate.analyzer.SourceFile;
import dev.ftmigrate.rules.TextEdit;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fallbacks for APIs newer than the oldest supported CPython (3.9), in the manner of
 * pythoncapi-compat: one {@code PY_VERSION_HEX}-guarded block per API, inserted once right after
 * the file's {@code #include <Python.h>}. Every fix needing an API emits the identical insertion,
 * so the edit engine merges them into one. The fallbacks use only 3.9 APIs (no Py_NewRef), and
 * are prefixed {@code ftm_compat_} so they never clash with a real declaration. The analyzer
 * parses as 3.13, where these blocks are inactive, so a re-scan does not flag their internals.
 */
public final class Compat {
    private static final Pattern PYTHON_H = Pattern.compile("(?m)^[ \\t]*#[ \\t]*include[ \\t]*[<\"]Python\\.h[>\"][^\\n]*$");
    private static final Pattern ANY_INCLUDE = Pattern.compile("(?m)^[ \\t]*#[ \\t]*include\\b[^\\n]*$");

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
    // 3.13t has no public function yet: do what 3.14 does (the whole shared count, flags
    // included, must be zero, or another thread may be taking a reference).
    private static final String IS_UNIQUE = """
            static inline int
            ftm_compat_PyUnstable_Object_IsUniquelyReferenced(PyObject *op)
            {
            #ifdef Py_GIL_DISABLED
                return _Py_IsOwnedByCurrentThread(op)
                    && _Py_atomic_load_uint32_relaxed(&op->ob_ref_local) == 1
                    && _Py_atomic_load_ssize_relaxed(&op->ob_ref_shared) == 0;
            #else
                return Py_REFCNT(op) == 1;
            #endif
            }
            #define PyUnstable_Object_IsUniquelyReferenced ftm_compat_PyUnstable_Object_IsUniquelyReferenced
            """;

    private record Api(String since, String hex, String body) {}

    private static final Map<String, Api> APIS = Map.of(
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
                    /* ftmigrate compat: Py_BEGIN_CRITICAL_SECTION() is new in CPython 3.13 (a plain block before) */
                    #ifndef Py_BEGIN_CRITICAL_SECTION
                    #  define Py_BEGIN_CRITICAL_SECTION(op) {
                    #  define Py_END_CRITICAL_SECTION() }
                    #endif
                    """,
            // Internal in 3.13 (pycore_critical_section.h): lock the argument itself, which is what it does for a list.
            "Py_BEGIN_CRITICAL_SECTION_SEQUENCE_FAST", """
                    /* ftmigrate compat: Py_BEGIN_CRITICAL_SECTION_SEQUENCE_FAST() is not public in CPython 3.13 */
                    #ifndef Py_BEGIN_CRITICAL_SECTION_SEQUENCE_FAST
                    #  define Py_BEGIN_CRITICAL_SECTION_SEQUENCE_FAST(original) Py_BEGIN_CRITICAL_SECTION(original)
                    #  define Py_END_CRITICAL_SECTION_SEQUENCE_FAST() Py_END_CRITICAL_SECTION()
                    #endif
                    """,
            "FTM_LOCK", """
                    /* ftmigrate compat: FTM_LOCK() takes a PyMutex (3.13) only where there is no GIL */
                    #ifdef Py_GIL_DISABLED
                    #  define FTM_LOCK(m) PyMutex_Lock(&(m))
                    #  define FTM_UNLOCK(m) PyMutex_Unlock(&(m))
                    #else
                    #  define FTM_LOCK(m) ((void)0)
                    #  define FTM_UNLOCK(m) ((void)0)
                    #endif
                    """,
            // MSVC has the same calls with other names or argument orders; MinGW has the POSIX ones.
            "strtok_r", """
                    /* ftmigrate compat: the POSIX reentrant time and string calls on MSVC */
                    #if defined(_MSC_VER) && !defined(strtok_r)
                    #  define strtok_r strtok_s
                    #  define localtime_r(t, tm) (localtime_s((tm), (t)) == 0 ? (tm) : NULL)
                    #  define gmtime_r(t, tm) (gmtime_s((tm), (t)) == 0 ? (tm) : NULL)
                    #  define ctime_r(t, buf) (ctime_s((buf), 26, (t)) == 0 ? (buf) : NULL)
                    #  define asctime_r(tm, buf) (asctime_s((buf), 26, (tm)) == 0 ? (buf) : NULL)
                    #endif
                    """);

    /**
     * The insertion that provides macro {@code name} (see {@link #MACROS}): empty when the file
     * has it already, absent when there is no include to put it after.
     */
    public static Optional<Optional<TextEdit>> macro(FileModel model, String name) {
        String body = MACROS.get(name);
        if (body == null) throw new IllegalArgumentException("no compat macro " + name);
        SourceFile src = model.source();
        String marker = body.substring(0, body.indexOf('\n')); // the comment line names the block
        // Already there: ours, or the file's own fallback defining the name (ours is #ifndef-guarded, so
        // a header that may or may not define it is no reason to leave it out).
        if (src.text().contains(marker) || Pattern.compile("(?m)^\\s*#\\s*define\\s+" + Pattern.quote(name) + "\\b").matcher(model.code()).find()) {
            return Optional.of(Optional.empty());
        }
        int at = insertionPoint(model);
        if (at < 0) return Optional.empty();
        return Optional.of(Optional.of(TextEdit.insert(src.relPath(), at, "\n" + body)));
    }

    private Compat() {}

    public static boolean known(String api) { return APIS.containsKey(api); }

    /** The guarded block for one API, exactly as inserted. */
    public static String block(String api) {
        Api a = APIS.get(api);
        if (a == null) throw new IllegalArgumentException("no compat fallback for " + api);
        return "\n/* ftmigrate compat: " + api + "() is new in CPython " + a.since() + " */\n"
                + "#if PY_VERSION_HEX < " + a.hex() + "\n" + a.body() + "#endif\n";
    }

    /**
     * The insertion that makes {@code api} available on older Pythons: empty when the file already
     * has it (an earlier patch, or pythoncapi_compat.h), absent when there is no include to put
     * it after (the fix should then decline).
     */
    public static Optional<Optional<TextEdit>> edit(FileModel model, String api) {
        SourceFile src = model.source();
        String text = src.text();
        if (text.contains("ftm_compat_" + api) || text.contains("pythoncapi_compat.h")) return Optional.of(Optional.empty());
        int at = insertionPoint(model);
        if (at < 0) return Optional.empty();
        return Optional.of(Optional.of(TextEdit.insert(src.relPath(), at, block(api))));
    }

    /** Start of the line after the last {@code #include <Python.h>}, else after the last include before any function. */
    public static int insertionPoint(FileModel model) {
        String text = model.source().text();
        int end = -1;
        Matcher m = PYTHON_H.matcher(text);
        while (m.find()) end = m.end();
        if (end < 0) {
            int limit = model.functions().isEmpty() ? text.length() : model.functions().get(0).range().start();
            Matcher a = ANY_INCLUDE.matcher(text);
            while (a.find() && a.end() <= limit) end = a.end();
        }
        return end < 0 ? -1 : SourceText.nextLineStart(text, end);
    }
}
