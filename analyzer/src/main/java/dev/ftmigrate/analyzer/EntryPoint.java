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

    /**
     * Slots that run while no other thread can use the module: the GC's traversal (the free-threaded
     * collector stops the world to traverse) and module teardown (m_clear, m_free: the module is
     * unreachable). An object's own tp_clear or tp_dealloc is not here: it owns the object, but
     * another thread may still be using the module's and the file's shared state.
     */
    private static final java.util.Set<String> EXCLUSIVE = java.util.Set.of("tp_traverse", "m_traverse", "m_clear", "m_free");

    /** Can run while other threads use the module (everything but initialisation, GC traversal and module teardown). */
    public boolean runtime() {
        if (kind == Kind.INIT) return false;
        return kind != Kind.TEARDOWN || slot == null || !EXCLUSIVE.contains(slot.replaceFirst("^Py_", ""));
    }
}
