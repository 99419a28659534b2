package dev.ftmigrate.analyzer;

import org.eclipse.cdt.core.dom.ast.IASTArraySubscriptExpression;
import org.eclipse.cdt.core.dom.ast.IASTBinaryExpression;
import org.eclipse.cdt.core.dom.ast.IASTCastExpression;
import org.eclipse.cdt.core.dom.ast.IASTInitializerClause;
import org.eclipse.cdt.core.dom.ast.IFunction;
import org.eclipse.cdt.core.dom.ast.IPointerType;
import org.eclipse.cdt.core.dom.ast.IQualifierType;
import org.eclipse.cdt.core.dom.ast.IType;
import org.eclipse.cdt.core.dom.ast.ITypedef;
import org.eclipse.cdt.core.dom.ast.IASTFieldReference;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;
import org.eclipse.cdt.core.dom.ast.IASTIdExpression;
import org.eclipse.cdt.core.dom.ast.IASTNode;
import org.eclipse.cdt.core.dom.ast.IASTUnaryExpression;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Finds the uses of shared static state in a function: which variable, read or write, where. */
public final class StaticAccesses {
    /** Calls that write through the pointer they are given. */
    static final Set<String> WRITERS = Set.of("memset", "memcpy", "memmove", "strcpy", "strncpy", "strcat", "strncat",
            "sprintf", "snprintf", "sscanf", "PyArg_ParseTuple", "PyArg_ParseTupleAndKeywords", "PyArg_Parse",
            "PyArg_UnpackTuple", "time", "gettimeofday", "clock_gettime", "fgets", "fread", "read", "PyOS_snprintf",
            "PyOS_vsnprintf", "vsnprintf", "strftime", "wcscpy", "wcsncpy");
    /** Writers whose first argument is the destination buffer (a static array passed by name is written). */
    static final Set<String> DEST_FIRST = Set.of("memset", "memcpy", "memmove", "strcpy", "strncpy", "strcat", "strncat",
            "sprintf", "snprintf", "PyOS_snprintf", "PyOS_vsnprintf", "vsnprintf", "fgets", "fread", "strftime", "wcscpy", "wcsncpy");
    /**
     * C API calls that store through a pointer argument (argument indexes): the scan parses without
     * Python's headers by default, so their declarations are not there to tell.
     */
    static final java.util.Map<String, Set<Integer>> API_OUT_PARAMS = java.util.Map.ofEntries(
            java.util.Map.entry("PyObject_GetBuffer", Set.of(1)), java.util.Map.entry("PyBuffer_FillInfo", Set.of(0)),
            java.util.Map.entry("PyDict_Next", Set.of(1, 2, 3)), java.util.Map.entry("PyDict_GetItemRef", Set.of(2)),
            java.util.Map.entry("PyDict_GetItemStringRef", Set.of(2)), java.util.Map.entry("PyDict_Pop", Set.of(2)),
            java.util.Map.entry("PyDict_PopString", Set.of(2)), java.util.Map.entry("PyDict_SetDefaultRef", Set.of(3)),
            java.util.Map.entry("PyMapping_GetOptionalItem", Set.of(2)), java.util.Map.entry("PyObject_GetOptionalAttr", Set.of(2)),
            java.util.Map.entry("PyObject_GetOptionalAttrString", Set.of(2)), java.util.Map.entry("PyWeakref_GetRef", Set.of(1)),
            java.util.Map.entry("PyErr_Fetch", Set.of(0, 1, 2)), java.util.Map.entry("PyErr_NormalizeException", Set.of(0, 1, 2)),
            java.util.Map.entry("PyUnicode_InternInPlace", Set.of(0)), java.util.Map.entry("PyUnicode_Append", Set.of(0)),
            java.util.Map.entry("PyUnicode_AppendAndDel", Set.of(0)), java.util.Map.entry("PyBytes_Concat", Set.of(0)),
            java.util.Map.entry("PyBytes_ConcatAndDel", Set.of(0)), java.util.Map.entry("_PyBytes_Resize", Set.of(0)),
            java.util.Map.entry("PyLong_Export", Set.of(1)), java.util.Map.entry("PySlice_Unpack", Set.of(1, 2, 3)),
            java.util.Map.entry("PySlice_GetIndicesEx", Set.of(2, 3, 4, 5)), java.util.Map.entry("PyLong_AsNativeBytes", Set.of(1)));
    private static final Set<String> LOCK_TYPES = Set.of("PyMutex", "PyThread_type_lock", "pthread_mutex_t",
            "pthread_rwlock_t", "pthread_once_t", "pthread_key_t", "PyThread_tss_t", "Py_tss_t", "CRITICAL_SECTION",
            "SRWLOCK", "_PyOnceFlag", "PyOnceFlag", "mtx_t", "once_flag",
            // Argument Clinic's keyword parser: CPython 3.13+ initialises it once, under its own once-flag.
            "_PyArg_Parser");

    private StaticAccesses() {}

    /** Static-storage variables that can hold shared mutable state. */
    public static boolean candidate(CVariable v) {
        if (v.constant()) return false;
        String t = v.typeText();
        String base = t.replaceAll("\\b(const|volatile|struct|static|extern|unsigned|signed)\\b", "").replace("*", "").strip();
        // A table (PyTypeObject, PyMethodDef...) is static data; a pointer to one (a heap type made on first use) is state.
        if ((ModelBuilder.TABLE_TYPES.contains(base) && !t.contains("*")) || LOCK_TYPES.contains(base)) return false;
        return !(t.contains("_Thread_local") || t.contains("__thread") || t.contains("thread_local")
                || t.contains("_Atomic") || t.startsWith("atomic_") || t.contains("Py_thread_local")
                || t.contains("__declspec(thread)"));
    }

    public static List<StaticAccess> of(FileModel model, CFunction fn, FunctionScope scope) {
        return of(model, fn, scope, name -> null);
    }

    /** @param elsewhere the global another file defines under a name this file only declares extern (or not at all), or null */
    public static List<StaticAccess> of(FileModel model, CFunction fn, FunctionScope scope,
                                        java.util.function.Function<String, CVariable> elsewhere) {
        List<StaticAccess> out = new ArrayList<>();
        for (IASTIdExpression id : scope.ids()) {
            String name = id.getName().toString();
            if (scope.isLocal(name) || scope.isParam(name)) continue;
            Optional<CVariable> v = model.variableIn(fn, name);
            if ((v.isEmpty() || v.get().extern()) && ExternGlobals.variableLike(id)) {
                CVariable def = elsewhere.apply(name);
                if (def != null) v = Optional.of(def);
            }
            if (v.isEmpty() || !candidate(v.get()) || insideAtomic(id)) continue;
            TextRange r = Ast.nameRange(id.getName());
            if (r == null) continue;
            classify(model, id, v.get(), fn, r, out);
        }
        return out;
    }

    private static void classify(FileModel model, IASTIdExpression id, CVariable v, CFunction fn, TextRange r, List<StaticAccess> out) {
        IASTNode p = id;
        StringBuilder path = new StringBuilder(v.name());
        while (true) {
            IASTNode parent = p.getParent();
            if (parent instanceof IASTUnaryExpression u && u.getOperator() == IASTUnaryExpression.op_bracketedPrimary) p = parent;
            else if (parent instanceof IASTArraySubscriptExpression a && a.getArrayExpression() == p) { path.append("[]"); p = parent; }
            else if (parent instanceof IASTFieldReference f && f.getFieldOwner() == p) { path.append(f.isPointerDereference() ? "->" : ".").append(f.getFieldName()); p = parent; }
            else break;
        }
        IASTNode parent = p.getParent();
        StaticAccess.Kind kind = StaticAccess.Kind.READ;
        boolean lazyHelper = false;
        if (parent instanceof IASTBinaryExpression b && b.getOperand1() == p) {
            if (b.getOperator() == IASTBinaryExpression.op_assign) kind = StaticAccess.Kind.WRITE;
            else if (Ast.compoundAssign(b.getOperator())) kind = StaticAccess.Kind.READ_MODIFY_WRITE;
        } else if (parent instanceof IASTUnaryExpression u) {
            int op = u.getOperator();
            if (Ast.incDec(op)) {
                kind = StaticAccess.Kind.READ_MODIFY_WRITE;
            } else if (op == IASTUnaryExpression.op_amper) {
                ParamWrites.Effect eff = addressPassed(model, u);
                if (eff != ParamWrites.Effect.NONE) kind = StaticAccess.Kind.WRITE;
                lazyHelper = eff == ParamWrites.Effect.LAZY_WRITE;
            }
        }
        if (kind == StaticAccess.Kind.READ && v.array() && parent instanceof IASTFunctionCallExpression c
                && c.getArguments().length > 0 && c.getArguments()[0] == p && DEST_FIRST.contains(String.valueOf(Ast.calleeName(c)))) {
            kind = StaticAccess.Kind.WRITE;
        }
        boolean lazy = kind == StaticAccess.Kind.WRITE && path.toString().equals(v.name())
                && (lazyHelper || Ast.underNullTest(p, Pattern.quote(v.name())));
        out.add(new StaticAccess(v, kind, path.toString(), fn, r, id, lazy));
    }

    /**
     * What a call does to a static whose address it is given: a known writer (memset, PyArg_Parse...)
     * writes it, so do the C API calls with out-parameters; a helper defined in the file does what its summary says ("fills {@code *p} when NULL"
     * makes the call a lazy initialisation); any other callee writes it when its declared parameter is a
     * pointer to non-const. An undeclared callee or a variadic argument is left alone: no guessing.
     */
    private static ParamWrites.Effect addressPassed(FileModel model, IASTUnaryExpression amp) {
        IASTNode arg = amp;
        while (arg.getParent() instanceof IASTCastExpression
                || (arg.getParent() instanceof IASTUnaryExpression b && b.getOperator() == IASTUnaryExpression.op_bracketedPrimary)) {
            arg = arg.getParent();
        }
        if (!(arg.getParent() instanceof IASTFunctionCallExpression call) || call.getFunctionNameExpression() == arg) {
            return ParamWrites.Effect.NONE;
        }
        String callee = Ast.calleeName(call);
        if (callee == null) return ParamWrites.Effect.NONE;
        if (WRITERS.contains(callee)) return ParamWrites.Effect.WRITE;
        IASTInitializerClause[] args = call.getArguments();
        int k = java.util.Arrays.asList(args).indexOf(arg);
        if (k < 0) return ParamWrites.Effect.NONE;
        Set<Integer> out = API_OUT_PARAMS.get(callee);
        if (out != null) return out.contains(k) ? ParamWrites.Effect.WRITE : ParamWrites.Effect.NONE;
        ParamWrites.Effect known = model.paramWrites().effect(callee, k);
        if (known != null) return known;
        if (!(call.getFunctionNameExpression() instanceof IASTIdExpression name)
                || !(name.getName().resolveBinding() instanceof IFunction f)) {
            return ParamWrites.Effect.NONE;
        }
        IType[] params = f.getType().getParameterTypes();
        if (k >= params.length || !(params[k] instanceof IPointerType ptr)) return ParamWrites.Effect.NONE;
        IType to = ptr.getType();
        while (to instanceof ITypedef t) to = t.getType();
        return to instanceof IQualifierType q && q.isConst() ? ParamWrites.Effect.NONE : ParamWrites.Effect.WRITE;
    }

    private static boolean insideAtomic(IASTNode n) {
        for (IASTNode p = n.getParent(); p != null; p = p.getParent()) {
            if (p instanceof IASTFunctionCallExpression c && Locks.atomic(Ast.calleeName(c))) return true;
        }
        return false;
    }
}
