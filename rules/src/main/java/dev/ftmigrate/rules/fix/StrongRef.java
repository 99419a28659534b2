package dev.ftmigrate.rules.fix;

import java.util.Map;

/**
 * The borrowed-reference calls and their strong-reference replacements (3.13), and whether the
 * new one reports through an out-parameter. A table of its own so that the analysis
 * ({@link BorrowedLocals}, {@link OwnershipFlow}), the plan, the edits and the fix entry point
 * ({@link BorrowedRefs}) depend on it rather than on each other.
 */
enum StrongRef {
    DICT("PyDict_GetItemRef", true), DICT_STRING("PyDict_GetItemStringRef", true),
    WEAKREF("PyWeakref_GetRef", true), SET_DEFAULT("PyDict_SetDefaultRef", true),
    LIST("PyList_GetItemRef", false), IMPORT("PyImport_AddModuleRef", false);

    final String name;
    final boolean outParam;

    StrongRef(String name, boolean outParam) { this.name = name; this.outParam = outParam; }

    /** The old call's name to its replacement. */
    static final Map<String, StrongRef> OLD = Map.of(
            "PyDict_GetItem", DICT, "PyDict_GetItemWithError", DICT,
            "PyDict_GetItemString", DICT_STRING, "_PyDict_GetItemStringWithError", DICT_STRING,
            "PyWeakref_GetObject", WEAKREF, "PyWeakref_GET_OBJECT", WEAKREF,
            "PyDict_SetDefault", SET_DEFAULT,
            "PyList_GetItem", LIST, "PyList_GET_ITEM", LIST,
            "PyImport_AddModule", IMPORT);
}
