package dev.ftmigrate.analyzer;

import org.eclipse.cdt.core.dom.ast.IASTFieldReference;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;
import org.eclipse.cdt.core.dom.ast.IASTIdExpression;
import org.eclipse.cdt.core.dom.ast.IASTInitializerClause;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether the object an expression denotes can be reached by other threads: the heart of
 * the borrowed-reference rules' precision. Private: created in this function and not yet stored
 * anywhere, the kwargs dict, a tuple. Shared: globals, statics, fields (self, module state),
 * module dicts, arguments callers keep.
 */
public final class Sharing {
    public enum Kind { PRIVATE, SHARED, UNKNOWN }

    /** @param reason a phrase for messages, e.g. "`registry`, a file-scope static" */
    public record Verdict(Kind kind, String reason, boolean certain) {
        public boolean shared() { return kind != Kind.PRIVATE; }
    }

    /** Calls that return a new object nobody else holds yet. */
    public static final Set<String> FRESH = Set.of("PyDict_New", "PyDict_Copy", "_PyDict_NewPresized",
            "PyList_New", "PySequence_List", "PyList_GetSlice", "PyDict_Keys", "PyDict_Values", "PyDict_Items",
            "PyMapping_Keys", "PyMapping_Values", "PyMapping_Items", "PyTuple_New", "PySequence_Tuple",
            "PyList_AsTuple", "PyObject_Dir", "PyTuple_Pack", "PyTuple_GetSlice");
    static final Set<String> PASS_THROUGH = Set.of("PySequence_Fast", "Py_NewRef", "Py_XNewRef", "_PyObject_CAST");
    /** Calls that return an object every thread sees. */
    static final Map<String, String> SHARED_RESULTS = Map.of(
            "PyModule_GetDict", "the module's dict", "PyEval_GetBuiltins", "the builtins dict",
            "PyEval_GetGlobals", "the globals dict", "PyObject_GenericGetDict", "an object's attribute dict",
            "PyImport_GetModuleDict", "sys.modules", "PySys_GetObject", "an object from sys",
            "_PyObject_GetDictPtr", "an object's attribute dict", "PyType_GetDict", "a type's dict");
    /** Calls that publish their argument to other holders (the value stops being private). */
    static final Set<String> STORES = Set.of("PyDict_SetItem", "PyDict_SetItemString", "PyList_Append",
            "PyList_SetItem", "PyList_Insert", "PyObject_SetAttr", "PyObject_SetAttrString", "PyModule_AddObject",
            "PyModule_AddObjectRef", "PyModule_Add", "PyObject_SetItem", "PyDict_SetDefault", "PyCapsule_New");
    private static final Set<String> KWARGS_NAMES = PrivateParams.KWARGS_NAMES;

    private final FileModel model;
    private final java.util.function.Function<CFunction, FunctionScope> scopes;

    private final boolean precise;

    public Sharing(FileModel model, java.util.function.Function<CFunction, FunctionScope> scopes, boolean precise) {
        this.model = model;
        this.scopes = scopes;
        this.precise = precise;
    }

    public FunctionScope scope(CFunction f) { return scopes.apply(f); }

    /** Classifies {@code expr}, used at {@code offset} inside function {@code f}. */
    public Verdict classify(IASTInitializerClause expr, CFunction f, int offset) {
        if (!precise) return new Verdict(Kind.SHARED, "`" + Ast.text(model.source(), expr) + "` (sharing analysis off)", true);
        return classify(expr, f, offset, 0);
    }

    private Verdict classify(IASTInitializerClause expr, CFunction f, int offset, int depth) {
        IASTInitializerClause e = Ast.strip(expr, false);
        if (e instanceof IASTFieldReference fr) {
            String owner = Ast.identifier(fr.getFieldOwner());
            String field = fr.getFieldName().toString();
            String what = owner == null ? "field `" + field + "`" : "`" + owner + (fr.isPointerDereference() ? "->" : ".") + field + "`";
            String whose = "self".equals(owner) ? ", a field of the object: every thread calling its methods reaches it"
                    : owner != null && owner.contains("state") ? ", module state: every thread using the module reaches it"
                    : ", a field reachable through its owner";
            return new Verdict(Kind.SHARED, what + whose, true);
        }
        if (e instanceof IASTFunctionCallExpression call) {
            String callee = Ast.calleeName(call);
            // These hand back their argument (PySequence_Fast returns a list argument itself).
            if (callee != null && PASS_THROUGH.contains(callee) && call.getArguments().length > 0) {
                return classify(call.getArguments()[0], f, offset, depth + 1);
            }
            if (callee != null && FRESH.contains(callee)) return new Verdict(Kind.PRIVATE, "a new object from " + callee + "()", true);
            if (callee != null && SHARED_RESULTS.containsKey(callee)) return new Verdict(Kind.SHARED, SHARED_RESULTS.get(callee) + " (from " + callee + "())", true);
            return new Verdict(Kind.UNKNOWN, "the result of " + (callee == null ? "a call" : callee + "()") + ", which other code may also hold", false);
        }
        if (!(e instanceof IASTIdExpression id)) return new Verdict(Kind.UNKNOWN, "an expression whose owner is unknown", false);
        String name = id.getName().toString();
        if (f != null) {
            FunctionScope scope = scope(f);
            if (scope.isLocal(name)) return local(name, scope, f, offset, depth);
            if (scope.isParam(name)) {
                int i = f.params().indexOf(name);
                if (i == 2 && (KWARGS_NAMES.contains(name) || takesKeywords(f)))
                    return new Verdict(Kind.PRIVATE, "`" + name + "`, the keyword-arguments dict made for this call", true);
                if (scope.privateParam(name))
                    return new Verdict(Kind.PRIVATE, "`" + name + "`, the keyword-arguments dict its callers pass down (made fresh for each Python call)", true);
                return new Verdict(Kind.SHARED, "`" + name + "`, an argument: the caller keeps it and may share it with other threads", false);
            }
        }
        Optional<CVariable> v = variable(name, f);
        if (v.isPresent()) {
            String where = v.get().fileScope() ? (v.get().isStatic() ? "a file-scope static" : "a global") : "a static local of " + v.get().function() + "()";
            return new Verdict(Kind.SHARED, "`" + name + "`, " + where + ": every thread sees the same object", true);
        }
        return new Verdict(Kind.UNKNOWN, "`" + name + "`, declared elsewhere", false);
    }

    private Verdict local(String name, FunctionScope scope, CFunction f, int offset, int depth) {
        Verdict result = null;
        for (FunctionScope.Assignment a : scope.assignments(name)) {
            if (a.offset() > offset || Ast.isNullConstant(a.value())) continue;
            Verdict v = depth > 3 ? new Verdict(Kind.UNKNOWN, "`" + name + "`", false) : classify(a.value(), f, a.offset(), depth + 1);
            if (v.kind() != Kind.PRIVATE) {
                return new Verdict(v.kind(), "`" + name + "`, which holds " + v.reason(), v.certain());
            }
            result = v;
        }
        if (result == null && scope.parsedFromArguments(name)) {
            return new Verdict(Kind.SHARED, "`" + name + "`, an object parsed from the arguments: the caller keeps it and may share it", false);
        }
        if (result == null) return new Verdict(Kind.UNKNOWN, "`" + name + "`, a local of unknown origin", false);
        if (escapes(name, scope, offset)) return new Verdict(Kind.SHARED, "`" + name + "`, created here but already stored where other threads can reach it", false);
        return new Verdict(Kind.PRIVATE, "`" + name + "`, " + result.reason() + " that no other thread has seen", true);
    }

    /** True when the local was handed to a storing call before {@code offset}. */
    private static boolean escapes(String name, FunctionScope scope, int offset) {
        if (scope.publishedBefore(name, offset)) return true;
        int before = scope.callsBefore(offset);
        for (String store : STORES) {
            for (int k : scope.callsTo(store)) {
                if (k >= before) break;
                IASTInitializerClause[] args = scope.calls().get(k).getArguments();
                for (int i = 1; i < args.length; i++) if (name.equals(Ast.identifier(args[i]))) return true;
            }
        }
        return false;
    }

    private Optional<CVariable> variable(String name, CFunction f) {
        return model.variableIn(f, name);
    }

    /** The function is registered with METH_KEYWORDS in a method table of this file. */
    private boolean takesKeywords(CFunction f) {
        Set<String> k = keywordMethods;
        if (k == null) {
            k = new java.util.HashSet<>();
            for (InitTable t : model.tables("PyMethodDef")) {
                for (InitTable.Entry en : t.entries()) {
                    InitTable.Field meth = en.get("ml_meth", 1);
                    InitTable.Field flags = en.get("ml_flags", 2);
                    if (meth != null && meth.identifier() != null && flags != null && flags.text().contains("METH_KEYWORDS")) k.add(meth.identifier());
                }
            }
            keywordMethods = k;
        }
        return k.contains(f.name());
    }

    /** Functions registered with METH_KEYWORDS in this file's method tables (collected on first use). */
    private volatile Set<String> keywordMethods;
}
