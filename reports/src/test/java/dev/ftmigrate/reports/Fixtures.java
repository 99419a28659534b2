package dev.ftmigrate.reports;

import dev.ftmigrate.analyzer.SourceFile;
import dev.ftmigrate.rules.Confidence;
import dev.ftmigrate.rules.FileStatus;
import dev.ftmigrate.rules.Finding;
import dev.ftmigrate.rules.Fix;
import dev.ftmigrate.rules.FixSafety;
import dev.ftmigrate.rules.Level;
import dev.ftmigrate.rules.Location;
import dev.ftmigrate.rules.RuleDescriptor;
import dev.ftmigrate.rules.ScanResult;
import dev.ftmigrate.rules.TextEdit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Hand-built scan results: findings with evidence and fixes, files with problems. */
final class Fixtures {
    static final String MOD = "src/mod.c";
    static final String OTHER = "src/other.c";

    static final String MOD_TEXT = """
            #include <Python.h>

            static PyObject *cache;
            static long counter;

            static PyObject *
            lookup(PyObject *self, PyObject *key)
            {
            \tPyObject *d = PyModule_GetDict(self);
            \tPyObject *item = PyDict_GetItem(d, key);
            \tcounter++;
            \treturn item;
            }

            static PyMethodDef methods[] = {
                {"lookup", (PyCFunction)lookup, METH_O, NULL},
                {NULL}
            };
            """;

    static final String OTHER_TEXT = """
            static PyModuleDef_Slot slots[] = {
                {Py_mod_exec, exec_mod},
                {0, NULL}
            };
            """;

    static final RuleDescriptor FT301 = new RuleDescriptor("FT301", "borrowed-dict-item",
            "PyDict_GetItem on a dict other threads can reach",
            "The borrowed reference can be freed by another thread before it is used.",
            "borrowed references", Level.WARNING,
            "PyObject *v = PyDict_GetItem(d, k);",
            "PyObject *v;\nif (PyDict_GetItemRef(d, k, &v) < 0) return NULL;",
            "Use PyDict_GetItemRef and handle its error path.", FixSafety.REVIEW, "3.13");
    static final RuleDescriptor FT401 = new RuleDescriptor("FT401", "unlocked-static",
            "static written at run time with no lock",
            "Concurrent calls race on the static and lose updates.",
            "global state", Level.ERROR, "static long n; n++;", "PyMutex_Lock(&m); n++; PyMutex_Unlock(&m);",
            "Guard with a PyMutex, or move it to module state.", FixSafety.ADVICE, "3.13");
    static final RuleDescriptor FT201 = new RuleDescriptor("FT201", "missing-mod-gil",
            "multi-phase module without a Py_mod_gil slot",
            "Importing the module re-enables the GIL for the whole process.",
            "module declaration", Level.ERROR, "{Py_mod_exec, exec}, {0, NULL}",
            "{Py_mod_exec, exec},\n#ifdef Py_mod_gil\n{Py_mod_gil, Py_MOD_GIL_NOT_USED},\n#endif\n{0, NULL}",
            "Declare Py_MOD_GIL_NOT_USED.", FixSafety.SAFE, "3.13");

    static final SourceFile MOD_FILE = SourceFile.ofText(MOD, MOD_TEXT);
    static final SourceFile OTHER_FILE = SourceFile.ofText(OTHER, OTHER_TEXT);

    static Location at(SourceFile f, String needle, String message) {
        int i = f.text().indexOf(needle);
        if (i < 0) throw new IllegalArgumentException(needle);
        return Location.of(f, i, i + needle.length(), message);
    }

    static Finding dictFinding(SourceFile mod) {
        Location call = at(mod, "PyDict_GetItem(d, key)", null);
        Location entry = at(mod, "{\"lookup\", (PyCFunction)lookup, METH_O, NULL}", "entry point: lookup is a METH_O method");
        Location dict = at(mod, "PyModule_GetDict(self)", "d is the module dict, shared by every thread");
        int start = mod.text().indexOf("PyDict_GetItem(d, key)");
        Fix fix = new Fix("Use PyDict_GetItemRef and Py_DECREF the result", FixSafety.REVIEW, List.of(
                new TextEdit(MOD, start, "PyDict_GetItem".length(), "PyDict_GetItemRef"),
                TextEdit.insert(MOD, mod.text().indexOf("\treturn item;"), "\tPy_XDECREF(item);\n")));
        return new Finding("FT301", Level.WARNING, Confidence.HIGH, call,
                "PyDict_GetItem returns a borrowed reference from the module dict, which other threads can modify",
                "PyDict_GetItem", "lookup", List.of(entry, dict), "PyObject *item = PyDict_GetItem(d, key);",
                Optional.of(fix));
    }

    static Finding counterFinding(SourceFile mod) {
        return new Finding("FT401", Level.ERROR, Confidence.MEDIUM, at(mod, "counter++", null),
                "static `counter` is written by lookup with no lock", "counter", "lookup",
                List.of(at(mod, "{\"lookup\", (PyCFunction)lookup, METH_O, NULL}", "entry point")),
                "counter++;", Optional.empty());
    }

    /**
     * Two statics locked by one mutex: each finding carries the group's fix, the second an equal copy
     * (as fixes read back from the cache are).
     */
    static List<Finding> sharedLockFindings() {
        List<TextEdit> edits = List.of(TextEdit.insert(MOD, MOD_TEXT.indexOf("\nstatic PyObject *\n") + 1, "static PyMutex cache_mutex;\n"),
                TextEdit.insert(MOD, MOD_TEXT.indexOf("\tcounter++;"), "\tPyMutex_Lock(&cache_mutex);\n"));
        String what = "hold a PyMutex (cache_mutex) over the accesses to `cache`, `counter`";
        Finding cache = new Finding("FT401", Level.ERROR, Confidence.MEDIUM, at(MOD_FILE, "cache", null), "static `cache` is written with no lock",
                "cache", null, List.of(), "static PyObject *cache;", Optional.of(new Fix(what, FixSafety.REVIEW, edits)));
        Finding counter = new Finding("FT401", Level.ERROR, Confidence.MEDIUM, at(MOD_FILE, "counter++", null),
                "static `counter` is written by lookup with no lock", "counter", "lookup", List.of(), "counter++;",
                Optional.of(new Fix(what, FixSafety.REVIEW, new ArrayList<>(edits))));
        return List.of(counter, cache);
    }

    static Finding gilFinding() {
        Location slots = at(OTHER_FILE, "slots[]", null);
        Fix fix = new Fix("Add {Py_mod_gil, Py_MOD_GIL_NOT_USED}", FixSafety.SAFE, List.of(TextEdit.insert(OTHER,
                OTHER_TEXT.indexOf("    {0, NULL}"), "#ifdef Py_mod_gil\n    {Py_mod_gil, Py_MOD_GIL_NOT_USED},\n#endif\n")));
        return new Finding("FT201", Level.ERROR, Confidence.HIGH, slots,
                "module slots have no Py_mod_gil entry: importing re-enables the GIL", "slots", null,
                List.of(), "static PyModuleDef_Slot slots[] = {", Optional.of(fix));
    }

    static List<FileStatus> files() {
        return List.of(new FileStatus(MOD, 19, 0, null), new FileStatus(OTHER, 4, 3, null),
                new FileStatus("src/blob.c", 0, 0, "not valid UTF-8, read as Latin-1"));
    }

    static ScanResult result() {
        return new ScanResult(List.of(dictFinding(MOD_FILE), counterFinding(MOD_FILE), gilFinding()), files(),
                List.of(FT401, FT301, FT201), 2, 1);
    }

    static ScanResult withFindings(List<Finding> findings) {
        return new ScanResult(findings, files(), List.of(FT401, FT301, FT201), 0, 0);
    }

    static ScanResult empty() {
        return new ScanResult(List.of(), List.of(new FileStatus(MOD, 19, 0, null)), List.of(FT301), 0, 0);
    }

    static ReportOptions withSources() {
        Map<String, String> src = Map.of(MOD, MOD_TEXT, OTHER, OTHER_TEXT);
        return ReportOptions.defaults().withSources(src::get);
    }

    static <T> List<T> reversed(List<T> in) {
        List<T> out = new ArrayList<>(in);
        java.util.Collections.reverse(out);
        return out;
    }
}
