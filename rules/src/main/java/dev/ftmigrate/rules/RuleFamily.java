package dev.ftmigrate.rules;

import java.util.Arrays;
import java.util.Optional;

/**
 * The rule families: which ids belong together (the id's first three characters), in patch order,
 * with the subject and body of the commit that fixes them. Defined once, here: the patcher groups
 * by them, the docs list them.
 */
public enum RuleFamily {
    OBJECT_INTERNALS("FT1", "Use the object accessors instead of object internals",
            "Direct ob_refcnt/ob_type access does not exist or races in free-threaded CPython;\n"
                    + "Py_REFCNT/Py_SET_REFCNT and Py_TYPE/Py_SET_TYPE (3.9+) are the supported accessors,\n"
                    + "and PyUnstable_Object_IsUniquelyReferenced (3.14, with a compat fallback) replaces\n"
                    + "decisions on a reference count of 1 (FT1xx: object internals)."),
    MODULE_DECLARATION("FT2", "Declare that the module does not need the GIL",
            "Without a Py_mod_gil slot (multi-phase) or a PyUnstable_Module_SetGIL call\n"
                    + "(single-phase), a free-threaded interpreter re-enables the GIL when it imports the\n"
                    + "module. Both are guarded (PY_VERSION_HEX >= 3.13 / Py_GIL_DISABLED), so older and\n"
                    + "GIL builds are unchanged (FT2xx: module declaration)."),
    BORROWED_REFERENCES("FT3", "Use strong references for items of shared containers",
            "A borrowed reference from a dict, list, weakref or sys.modules can be freed by another\n"
                    + "thread while it is in use. The *Ref APIs (3.13, with compat fallbacks for older\n"
                    + "versions) return a strong reference; the rewrite adds the error path they report\n"
                    + "and releases the reference on every exit (FT3xx: borrowed references)."),
    SHARED_STATE("FT4", "Protect shared state", "Module and object state written without a lock (FT4xx: shared state)."),
    LIBC_AND_ALLOCATORS("FT5", "Use thread-safe libc and allocators", "Non-reentrant libc calls and allocator domains (FT5xx)."),
    GENERATED_CODE("FT6", "Generated code", "Generated C is regenerated at its source, not patched (FT6xx).");

    public final String prefix;
    public final String subject;
    public final String body;

    RuleFamily(String prefix, String subject, String body) {
        this.prefix = prefix;
        this.subject = subject;
        this.body = body;
    }

    /** The family of a rule id ("FT301" -> BORROWED_REFERENCES). */
    public static Optional<RuleFamily> of(String ruleId) {
        return Arrays.stream(values()).filter(f -> ruleId.startsWith(f.prefix)).findFirst();
    }

    /** The id prefix that names a rule's family ("FT301" -> "FT3"), also for ids outside every family. */
    public static String prefixOf(String ruleId) {
        return of(ruleId).map(f -> f.prefix).orElse(ruleId.length() >= 3 ? ruleId.substring(0, 3) : ruleId);
    }

    /** Shared-state families (FT3xx-FT5xx): what the GIL used to protect. */
    public static boolean sharedState(String ruleId) {
        return of(ruleId).map(f -> f == BORROWED_REFERENCES || f == SHARED_STATE || f == LIBC_AND_ALLOCATORS).orElse(false);
    }
}
