package dev.ftmigrate.analyzer;

import org.eclipse.cdt.core.dom.ast.IASTExpression;
import org.eclipse.cdt.core.dom.ast.IASTFieldReference;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;
import org.eclipse.cdt.core.dom.ast.IASTIdExpression;
import org.eclipse.cdt.core.dom.ast.IASTInitializerClause;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which shared containers are frozen after initialisation: never mutated by code that runs once the
 * module is shared, and never handed to code we cannot see (returned to Python, stored as a module
 * attribute, passed to an unknown function). Borrowing from a frozen dict or list is safe.
 * Containers are keyed by the static variable or the struct field that holds them.
 */
final class ContainerUses {
    static final Set<String> MUTATORS = Set.of("PyDict_SetItem", "PyDict_SetItemString", "PyDict_DelItem",
            "PyDict_DelItemString", "PyDict_Clear", "PyDict_Update", "PyDict_Merge", "PyDict_MergeFromSeq2",
            "PyDict_SetDefault", "PyDict_SetDefaultRef", "PyDict_Pop", "PyDict_PopString", "_PyDict_SetItem_KnownHash",
            "PyList_SetItem", "PyList_SET_ITEM", "PyList_Append", "PyList_Insert", "PyList_SetSlice", "PyList_Sort",
            "PyList_Reverse", "PyList_Clear", "PyList_Extend", "PyObject_SetItem", "PyObject_DelItem", "_PyList_Extend");
    /** Calls that only read a container (or merely count references to it). */
    static final Set<String> READERS = Set.of("PyDict_GetItem", "PyDict_GetItemWithError", "PyDict_GetItemString",
            "PyDict_GetItemRef", "PyDict_GetItemStringRef", "_PyDict_GetItemStringWithError", "PyDict_Contains",
            "PyDict_ContainsString", "PyDict_Size", "PyDict_GET_SIZE", "PyDict_Next", "PyDict_Keys", "PyDict_Values",
            "PyDict_Items", "PyDict_Copy", "PyList_GetItem", "PyList_GET_ITEM", "PyList_GetItemRef", "PyList_Size",
            "PyList_GET_SIZE", "PyList_GetSlice", "PyList_AsTuple", "PySequence_Fast", "PySequence_Tuple", "PySequence_List",
            "PySequence_Contains", "PyObject_GetIter", "PyObject_Length", "PyObject_Size", "PyObject_Repr", "PyObject_Str",
            "PyObject_Hash", "PyObject_GetItem", "PyMapping_GetItemString", "Py_INCREF", "Py_DECREF", "Py_XINCREF",
            "Py_XDECREF", "Py_CLEAR", "Py_VISIT", "PyDict_Check", "PyDict_CheckExact", "PyList_Check", "PyList_CheckExact",
            "Py_TYPE", "Py_IS_TYPE", "Py_REFCNT", "PyObject_TypeCheck");
    private static final Set<String> PASS_THROUGH = Set.of("Py_NewRef", "Py_XNewRef");

    private final Set<String> mutated = new HashSet<>();
    private final Set<String> escaped = new HashSet<>();

    /** How one function uses containers, as keys (decided per function, so a summary can keep it). */
    static FileFacts.Uses of(FileModel m, FunctionScope scope, int index) {
        Set<String> assigned = new java.util.TreeSet<>(), changed = new java.util.TreeSet<>(), out = new java.util.TreeSet<>();
        // Replacing the holder at run time frees the old container under a reader.
        for (IASTInitializerClause target : scope.assignedTargets()) addKey(m, scope, target, assigned);
        for (IASTFunctionCallExpression c : scope.calls()) {
            String callee = Ast.calleeName(c);
            if (callee == null || READERS.contains(callee) || PASS_THROUGH.contains(callee)) continue;
            IASTInitializerClause[] args = c.getArguments();
            if (MUTATORS.contains(callee)) {
                if (args.length > 0) addKey(m, scope, args[0], changed);
                for (int i = 1; i < args.length; i++) addKey(m, scope, args[i], out); // stored into another container
                continue;
            }
            for (IASTInitializerClause a : args) addKey(m, scope, a, out);
        }
        for (IASTExpression r : scope.returned()) {
            IASTInitializerClause e = Ast.strip(r, false);
            if (e instanceof IASTFunctionCallExpression c && PASS_THROUGH.contains(String.valueOf(Ast.calleeName(c))) && c.getArguments().length > 0) {
                e = c.getArguments()[0];
            }
            addKey(m, scope, e, out);
        }
        return new FileFacts.Uses(index, List.copyOf(assigned), List.copyOf(changed), List.copyOf(out));
    }

    private static void addKey(FileModel m, FunctionScope scope, IASTInitializerClause a, Set<String> into) {
        String k = key(m, scope, a, 0);
        if (k != null) into.add(k);
    }

    /** Adds one function's uses; {@code runtime} when it runs after the module is shared. */
    void add(FileFacts.Uses u, boolean runtime) {
        if (runtime) {
            mutated.addAll(u.assigned());
            mutated.addAll(u.mutated());
        }
        escaped.addAll(u.escaped());
    }

    boolean frozen(String key) {
        return key != null && !mutated.contains(key) && !escaped.contains(key);
    }

    /** The keys that are not frozen, sorted: what the link digest of a file depends on. */
    java.util.SortedSet<String> unfrozen() {
        java.util.SortedSet<String> all = new java.util.TreeSet<>(mutated);
        all.addAll(escaped);
        return all;
    }

    /**
     * "var:<file>:<name>" for a static, "state:<field>" for a field of module state, else null.
     * Object fields are left out on purpose: Python reaches them through members, instance and type
     * dicts and subclasses, none of which the scan can see.
     */
    static String key(FileModel m, FunctionScope scope, IASTInitializerClause expr, int depth) {
        IASTInitializerClause e = Ast.strip(expr, true);
        if (e instanceof IASTFieldReference f) {
            IASTInitializerClause owner = Ast.strip(f.getFieldOwner(), false);
            String o = owner instanceof IASTFunctionCallExpression c ? String.valueOf(Ast.calleeName(c)) : Ast.identifier(owner);
            boolean moduleState = o != null && (o.toLowerCase().contains("state") || o.equals("st"));
            return moduleState ? "state:" + f.getFieldName() : null;
        }
        if (!(e instanceof IASTIdExpression id)) return null;
        String name = id.getName().toString();
        if (scope.isParam(name)) return null;
        if (scope.isLocal(name)) {
            if (depth > 3) return null;
            String k = null;
            for (FunctionScope.Assignment a : scope.assignments(name)) {
                if (Ast.isNullConstant(a.value())) continue; // NULL resets say nothing about the holder
                String ak = key(m, scope, a.value(), depth + 1);
                if (ak == null || (k != null && !k.equals(ak))) return null;
                k = ak;
            }
            return k;
        }
        CVariable v = m.variableIn(scope.function(), name).orElse(null);
        // A global may be changed by code in other files that were not scanned: only statics qualify.
        if (v == null || !v.isStatic()) return null;
        return "var:" + m.source().relPath() + ":" + (v.fileScope() ? "" : v.function() + ".") + name;
    }
}
