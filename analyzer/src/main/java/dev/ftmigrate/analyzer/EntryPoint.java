package dev.ftmigrate.analyzer;

/**
 * A function Python (or a C library on Python's behalf) can call, by name.
 *
 * @param how          e.g. "method `record` of racy_counter_methods", "tp_dealloc of FooType"
 * @param slot         the slot name for type and module slots (tp_dealloc, Py_mod_exec), {@link #MODULE_FUNCTION}
 *                     for a method of the module's own m_methods table, else null
 * @param registration where the function is registered (a table entry, a callback argument)
 */
public record EntryPoint(String function, Kind kind, String how, String slot, TextRange registration, String relPath) {

    public enum Kind {
        /** Methods, getters, setters, most slots: any thread, any time. */
        PYTHON,
        /** Functions handed to C code as callbacks (capsules, atexit, qsort...): any thread. */
        CALLBACK,
        /** tp_new/tp_alloc/tp_init: the object is not shared yet. */
        CONSTRUCT,
        /** tp_dealloc/tp_traverse/tp_clear/tp_finalize, m_free...: one thread owns the object. */
        TEARDOWN,
        /** PyInit_*, Py_mod_exec, Py_mod_create: once, before other threads see the module. */
        INIT
    }

    /** The slot of a module-level function: its first parameter is the module object. */
    public static final String MODULE_FUNCTION = "m_methods";

    /** A module-level function (its first parameter is the module, not an instance of a type). */
    public boolean moduleFunction() { return MODULE_FUNCTION.equals(slot); }

    /** Runs after the module is visible to other threads (everything but module initialisation). */
    public boolean runtime() { return kind != Kind.INIT; }
}
