package dev.ftmigrate.rules.fix;

import dev.ftmigrate.analyzer.Directives;
import dev.ftmigrate.analyzer.ExtensionModel;
import dev.ftmigrate.analyzer.FileModel;
import dev.ftmigrate.analyzer.SourceFile;
import dev.ftmigrate.rules.TextEdit;
import dev.ftmigrate.rules.engine.FixContext;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Fallbacks for APIs newer than the oldest supported CPython (3.9), in the manner of
 * pythoncapi-compat: one guarded block per API in ONE header per extension ({@value #HEADER},
 * beside the sources, include-guarded), which each fixed file includes once; or the project's
 * own vendored {@code pythoncapi_compat.h} when it has the API. Pasting blocks into every file
 * broke builds where a header and the files including it both got one. The fallbacks use only
 * 3.9 APIs, never private fields, and are prefixed {@code ftm_compat_} so they never clash with a
 * real declaration. The analyzer parses as 3.13t, where the version-guarded blocks are inactive,
 * so a re-scan does not flag their internals.
 */
public final class Compat {

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
    private static final List<String> ORDER = List.of("Py_NewRef", "PyDict_GetItemRef", "PyDict_GetItemStringRef", "PyList_GetItemRef",
            "PyWeakref_GetRef", "PyImport_AddModuleRef", "PyDict_SetDefaultRef", "PyUnstable_Object_IsUniquelyReferenced",
            "Py_BEGIN_CRITICAL_SECTION", "Py_BEGIN_CRITICAL_SECTION_SEQUENCE_FAST", "FTM_LOCK", "FTM_ATOMIC", "strtok_r");

    private Compat() {}

    public static boolean known(String api) { return APIS.containsKey(api); }

    /** The guarded block for one API or macro, as it stands in the header. */
    public static String block(String name) {
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

    /**
     * The edits that make {@code name} (an API of {@link #APIS} or a macro of {@link #MACROS})
     * available in the fixed file: none when it already is (the file's own definition, the
     * project's vendored pythoncapi_compat.h, or our header, seen through the file's includes);
     * else an include of the project's pythoncapi_compat.h when it has the API, or of our one
     * header per extension (created with every fallback, or completed). Absent when the file has no
     * include to put ours after (the fix should then decline).
     */
    public static Optional<List<TextEdit>> provide(FixContext fx, String name) {
        if (!APIS.containsKey(name) && !MACROS.containsKey(name)) throw new IllegalArgumentException("no compat fallback for " + name);
        FileModel model = fx.model();
        SourceFile src = model.source();
        Files files = fx.memo(Files.class, () -> new Files(fx.extension()));
        // The project's compat header is its own fallback code: never patched to need another.
        if (isVendored(src.relPath()) || src.relPath().equals(files.header())) return Optional.empty();
        Set<String> seen = files.closure(src.relPath());
        for (String rel : seen) if (files.defines(rel, name)) return Optional.of(List.of());
        String vendored = files.vendored(name);
        String target = vendored != null ? vendored : files.header();
        List<TextEdit> edits = new ArrayList<>();
        if (vendored == null) {
            String have = files.text(target);
            if (have == null) {
                edits.add(TextEdit.insert(target, 0, files.headerText()));
            } else if (!have.contains(marker(name))) {
                int end = have.lastIndexOf("#endif");
                if (end < 0) return Optional.empty();
                edits.add(TextEdit.insert(target, end, block(name).substring(1) + "\n"));
            }
        }
        if (!seen.contains(target)) {
            // A fragment compiled inside another file (no Python.h of its own) gets it from there.
            if (seen.stream().noneMatch(files::includesPythonH)) return Optional.empty();
            int at = insertionPoint(fx);
            if (at < 0) return Optional.empty();
            edits.add(TextEdit.insert(src.relPath(), at, "#include \"" + relative(src.relPath(), target) + "\"\n"));
        }
        return Optional.of(edits);
    }

    private static boolean isVendored(String rel) {
        return Path.of(rel).getFileName().toString().equals("pythoncapi_compat.h");
    }

    /** The first line of a block: how a header shows it has one. */
    private static String marker(String name) {
        String b = block(name).substring(1);
        return b.substring(0, b.indexOf('\n'));
    }

    /** {@code target} as a quoted include written in {@code from} (both '/'-separated, relative to one root). */
    static String relative(String from, String target) {
        Path dir = Path.of(from).getParent();
        Path t = Path.of(target);
        return (dir == null ? t : dir.relativize(t)).toString().replace('\\', '/');
    }

    /** The extension's files as the compat planning needs them: texts, quote includes, the header's place. */
    private static final Object DEFINES = new Object();

    /** Every name the file #defines, worked out once per file (a regex per name and file planned was a scan's hot spot). */
    private static Set<String> definedNames(SourceFile src) {
        return src.derived(DEFINES, t -> {
            Set<String> out = new HashSet<>();
            for (Directives.Line l : Directives.of(src).lines()) {
                String n = Directives.defined(t, l);
                if (n != null) out.add(n);
            }
            return out;
        });
    }

    private static final class Files {
        /** By relative path, in path order (the header's place is chosen in that order). */
        private final Map<String, SourceFile> sources = new TreeMap<>();
        private final Map<String, Set<String>> closures = new HashMap<>();
        /** Where header() and vendoredHeader() point, found once: they were asked per name and per file seen. */
        private String header, vendoredHeader;
        private boolean vendoredKnown;

        Files(ExtensionModel ext) {
            for (SourceFile s : ext.sources().values()) sources.put(s.relPath(), s);
        }

        String text(String rel) {
            SourceFile s = sources.get(rel);
            return s == null ? null : s.text();
        }

        boolean includesPythonH(String rel) {
            SourceFile src = sources.get(rel);
            return src != null && Directives.of(src).lines().stream().anyMatch(l -> Directives.includesPythonH(src.text(), l));
        }

        private final Map<String, Boolean> defined = new HashMap<>();

        /** The file's own definition of the name, or a fallback block an earlier ftmigrate left in it (once per file and name). */
        boolean defines(String rel, String name) {
            return defined.computeIfAbsent(rel + "\0" + name, k -> definesNow(rel, name));
        }

        private boolean definesNow(String rel, String name) {
            String t = text(rel);
            if (t == null) return false;
            if (rel.equals(header()) || rel.endsWith("/" + HEADER) || rel.equals(HEADER)) return t.contains(marker(name));
            return t.contains("ftm_compat_" + name) || t.contains("ftmigrate compat: " + name)
                    || definedNames(sources.get(rel)).contains(name)
                    || (rel.endsWith("pythoncapi_compat.h") && t.contains(name + "("));
        }

        /** The project's own pythoncapi_compat.h when it provides {@code name}. */
        String vendored(String name) {
            String v = vendoredHeader();
            return v != null && defines(v, name) ? v : null;
        }

        String vendoredHeader() {
            if (!vendoredKnown) {
                for (String rel : sources.keySet()) {
                    if (isVendored(rel)) { vendoredHeader = rel; break; }
                }
                vendoredKnown = true;
            }
            return vendoredHeader;
        }

        /** Our header's text for this extension (see {@link Compat#header(String, Set)}). */
        String headerText() {
            String v = vendoredHeader();
            if (v == null) return Compat.header();
            Set<String> provided = new LinkedHashSet<>();
            for (String n : ORDER) if (defines(v, n)) provided.add(n);
            return Compat.header(relative(header(), v), provided);
        }

        /** Ours: an existing one, else beside the sources: in the directory with the most of them. */
        String header() {
            if (header == null) header = findHeader();
            return header;
        }

        private String findHeader() {
            for (String rel : sources.keySet()) if (Path.of(rel).getFileName().toString().equals(HEADER)) return rel;
            Map<String, Integer> perDir = new TreeMap<>();
            for (String rel : sources.keySet()) {
                Path dir = Path.of(rel).getParent();
                perDir.merge(dir == null ? "" : dir.toString().replace('\\', '/'), 1, Integer::sum);
            }
            String best = "";
            int most = -1;
            for (var e : perDir.entrySet()) {
                if (e.getValue() > most) { best = e.getKey(); most = e.getValue(); }
            }
            return best.isEmpty() ? HEADER : best + "/" + HEADER;
        }

        /** The file and every extension file it includes with quotes, transitively. */
        Set<String> closure(String rel) {
            Set<String> done = closures.get(rel);
            if (done != null) return done;
            Set<String> out = new LinkedHashSet<>();
            Deque<String> todo = new ArrayDeque<>(List.of(rel));
            while (!todo.isEmpty()) {
                String f = todo.pop();
                if (!out.add(f)) continue;
                SourceFile src = sources.get(f);
                if (src == null) continue;
                for (Directives.Line l : Directives.of(src).lines()) {
                    String quoted = Directives.quoted(src.text(), l);
                    if (quoted == null) continue;
                    Path dir = Path.of(f).getParent();
                    String inc = (dir == null ? Path.of(quoted) : dir.resolve(quoted)).normalize().toString().replace('\\', '/');
                    if (sources.containsKey(inc)) todo.push(inc);
                    else {
                        // -I of the source root: a name found once in the extension is that file.
                        String base = Path.of(quoted).getFileName().toString();
                        List<String> hits = sources.keySet().stream().filter(k -> k.equals(base) || k.endsWith("/" + quoted)).toList();
                        if (hits.size() == 1) todo.push(hits.get(0));
                    }
                }
            }
            closures.put(rel, out);
            return out;
        }
    }

    /**
     * Start of the line after the last {@code #include <Python.h>}, else after the last include
     * before any function; only includes outside every conditional (inside the include guard) count,
     * so what is inserted there is seen under every configuration.
     */
    /** {@link #insertionPoint(FileModel)} computed once per file of a run (every fix of the file asks). */
    public static int insertionPoint(FixContext fx) {
        record Key() {}
        return fx.memo(new Key(), () -> insertionPoint(fx.model()));
    }

    public static int insertionPoint(FileModel model) {
        String text = model.source().text();
        List<Directives.Line> lines = Directives.of(model.source()).lines();
        int[] depth = conditionalDepth(text, lines);
        int base = depth[depth.length - 1];
        int end = -1;
        for (Directives.Line l : lines) if (Directives.includesPythonH(text, l) && depth[l.start()] == base) end = l.end();
        if (end < 0) {
            int limit = model.functions().isEmpty() ? text.length() : model.functions().get(0).range().start();
            for (Directives.Line l : lines) {
                if (!l.name().equals("include")) continue;
                if (l.end() > limit) break;
                if (depth[l.start()] == base) end = l.end();
            }
        }
        return end < 0 ? -1 : SourceText.nextLineStart(text, end);
    }

    /**
     * The #if nesting at each offset; the last element is the depth of the file's body: 1 when an
     * include guard wraps the whole file, else 0.
     */
    static int[] conditionalDepth(String text, List<Directives.Line> lines) {
        int[] d = new int[text.length() + 2];
        int depth = 0, pos = 0, firstIf = -1, lastEndif = -1;
        for (Directives.Line l : lines) {
            boolean open = l.name().equals("if") || l.name().equals("ifdef") || l.name().equals("ifndef");
            if (!open && !l.name().equals("endif")) continue;
            java.util.Arrays.fill(d, pos, l.start(), depth);
            pos = l.start();
            if (!open) {
                depth = Math.max(0, depth - 1);
                lastEndif = l.start();
            } else {
                if (firstIf < 0) firstIf = l.start();
                depth++;
            }
        }
        java.util.Arrays.fill(d, pos, text.length() + 1, depth);
        boolean guarded = firstIf >= 0 && text.substring(firstIf).matches("(?s)\\s*#\\s*ifndef\\s+\\w+\\s*\\n\\s*#\\s*define\\b.*")
                && text.substring(0, firstIf).replaceAll("(?s)/\\*.*?\\*/|//[^\\n]*", "").isBlank()
                && lastEndif >= 0 && text.substring(lastEndif).replaceAll("(?s)/\\*.*?\\*/|//[^\\n]*", "").replaceFirst("#\\s*endif", "").isBlank();
        d[d.length - 1] = guarded ? 1 : 0;
        return d;
    }
}
