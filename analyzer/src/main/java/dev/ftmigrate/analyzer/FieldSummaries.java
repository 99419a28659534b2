package dev.ftmigrate.analyzer;

import org.eclipse.cdt.core.dom.ast.ASTVisitor;
import org.eclipse.cdt.core.dom.ast.IASTArraySubscriptExpression;
import org.eclipse.cdt.core.dom.ast.IASTBinaryExpression;
import org.eclipse.cdt.core.dom.ast.IASTCastExpression;
import org.eclipse.cdt.core.dom.ast.IASTExpression;
import org.eclipse.cdt.core.dom.ast.IASTFieldReference;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;
import org.eclipse.cdt.core.dom.ast.IASTIdExpression;
import org.eclipse.cdt.core.dom.ast.IASTInitializerClause;
import org.eclipse.cdt.core.dom.ast.IASTNode;
import org.eclipse.cdt.core.dom.ast.IASTUnaryExpression;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Per-function summaries of what a function does to the fields of the structs its parameters point
 * to ("reallocates `p->data`", "replaces `p->target`"), and to module state, directly or through
 * the helpers it calls. Each summary is computed once; a caller maps its callees' parameter effects
 * onto its own arguments, so helpers count in their callers. Accesses under a lock, a critical
 * section or an atomic are left out: they are not the hazard.
 */
public final class FieldSummaries {
    /** Module state: one per module, shared by every thread. */
    public static final int SHARED = -1;
    static final Set<String> FREES = Set.of("free", "PyMem_Free", "PyMem_RawFree", "PyObject_Free", "PyObject_GC_Del",
            "PyMem_DEL", "PyMem_Del", "PyObject_Del", "PyObject_DEL",
            "PyBuffer_Release");
    static final Set<String> RESIZES = Set.of("realloc", "PyMem_Realloc", "PyMem_RawRealloc", "PyObject_Realloc",
            "_PyBytes_Resize", "_PyUnicode_Resize", "_PyTuple_Resize", "PyByteArray_Resize", "reallocarray");
    private static final Set<String> SIZE_READ = Set.of("Py_SIZE");
    private static final Set<String> SIZE_WRITE = Set.of("Py_SET_SIZE");

    private record Owner(int param, String type) {}

    private final ExtensionModel ext;
    private final StructTypes types;
    private final Map<CFunction, List<FieldSite>> memo = new HashMap<>();
    private final Set<CFunction> inProgress = new HashSet<>();

    public FieldSummaries(ExtensionModel ext, StructTypes types) {
        this.ext = ext;
        this.types = types;
    }

    public StructTypes types() { return types; }

    /** The unprotected field effects of {@code f}: direct ones (empty {@code via}) first met, then through calls. */
    public List<FieldSite> of(CFunction f) {
        List<FieldSite> done = memo.get(f);
        if (done != null) return done;
        if (!inProgress.add(f)) return List.of();   // recursion: the cycle's own effects are already counted once
        List<FieldSite> out = List.copyOf(compute(f).values());
        inProgress.remove(f);
        memo.put(f, out);
        return out;
    }

    private Map<String, FieldSite> compute(CFunction f) {
        Map<String, FieldSite> sites = new LinkedHashMap<>();
        FunctionScope scope = ext.scope(f);
        boolean anyLock = scope.calls().stream().anyMatch(c -> Locks.isLock(Ast.calleeName(c)));
        String rel = ext.fileOf(f) == null ? f.relPath() : ext.fileOf(f).source().relPath();
        f.node().getBody().accept(new ASTVisitor() {
            { shouldVisitExpressions = true; }

            @Override
            public int visit(IASTExpression e) {
                TextRange at = Ast.range(e);
                if (at == null) return PROCESS_CONTINUE;
                if (e instanceof IASTFieldReference ref) fieldRef(ref, scope, f, rel, sites);
                else if (e instanceof IASTFunctionCallExpression call) call(call, scope, f, rel, sites);
                return PROCESS_CONTINUE;
            }
        });
        if (anyLock) sites.values().removeIf(s -> Locks.held(scope, s.range().start(), lock -> covers(lock, s.param(), scope, f)));
        return sites;
    }

    /** A mutex serialises everything it guards; a critical section only its own objects (not module state, not another argument). */
    private boolean covers(IASTFunctionCallExpression lock, int param, FunctionScope scope, CFunction f) {
        String callee = Ast.calleeName(lock);
        if (callee == null || !callee.startsWith("PyCriticalSection")) return true;
        if (param == SHARED) return false;
        IASTInitializerClause[] args = lock.getArguments();
        for (int i = 1; i < args.length; i++) {
            Owner o = owner(args[i], scope, f, 0);
            if (o != null ? o.param() == param : param < f.params().size() && f.params().get(param).equals(Ast.identifier(args[i]))) return true;
        }
        return false;
    }

    private void fieldRef(IASTFieldReference ref, FunctionScope scope, CFunction f, String rel, Map<String, FieldSite> sites) {
        Owner o = owner(ref.getFieldOwner(), scope, f, 0);
        if (o == null) return;
        String field = ref.getFieldName().toString();
        boolean nested = false;
        IASTNode p = ref;
        while (true) {
            IASTNode parent = p.getParent();
            if (parent instanceof IASTUnaryExpression u && u.getOperator() == IASTUnaryExpression.op_bracketedPrimary) p = parent;
            else if (parent instanceof IASTArraySubscriptExpression a && a.getArrayExpression() == p) { p = parent; nested = true; }
            else if (parent instanceof IASTFieldReference fr && fr.getFieldOwner() == p && !fr.isPointerDereference()) { p = parent; nested = true; }
            else break;
        }
        IASTNode parent = p.getParent();
        FieldEffect eff = FieldEffect.READ;
        boolean pointer = types.pointer(o.type(), field);
        if (parent instanceof IASTBinaryExpression b && b.getOperand1() == p) {
            int op = b.getOperator();
            if (op == IASTBinaryExpression.op_assign) {
                IASTInitializerClause rhs = Ast.strip(b.getOperand2(), false);
                String callee = rhs instanceof IASTFunctionCallExpression c ? Ast.calleeName(c) : null;
                eff = callee != null && RESIZES.contains(callee) ? FieldEffect.RESIZE
                        : nested || !pointer ? FieldEffect.WRITE : FieldEffect.REPLACE;
            } else if (op >= IASTBinaryExpression.op_multiplyAssign && op <= IASTBinaryExpression.op_binaryOrAssign) {
                eff = FieldEffect.RMW;
            }
        } else if (parent instanceof IASTUnaryExpression u && isIncDec(u.getOperator())) {
            eff = FieldEffect.RMW;
        } else {
            IASTNode arg = parent instanceof IASTUnaryExpression u && u.getOperator() == IASTUnaryExpression.op_amper ? parent : p;
            boolean amp = arg != p;
            if (arg.getParent() instanceof IASTFunctionCallExpression c && c.getFunctionNameExpression() != arg) {
                String callee = Ast.calleeName(c);
                if (Locks.atomic(callee) || Locks.isLock(callee) || Locks.isUnlock(callee)) return;
                // The call carries the callee's summary; a pointer handed over by value is at least read here.
                if (callee != null && target(rel, callee) != null) {
                    if (!amp) add(sites, new FieldSite(o.type(), field, FieldEffect.READ, o.param(), f, Ast.range(ref), List.of(), pointer));
                    return;
                }
                boolean first = c.getArguments().length > 0 && c.getArguments()[0] == arg;
                if (callee != null && !amp && !nested && FREES.contains(callee)) eff = FieldEffect.FREE;
                else if (callee != null && !amp && !nested && RESIZES.contains(callee)) eff = FieldEffect.RESIZE;
                else if (callee != null && first && StaticAccesses.DEST_FIRST.contains(callee)) eff = FieldEffect.WRITE;
                else if (callee != null && amp && StaticAccesses.WRITERS.contains(callee)) eff = FieldEffect.WRITE;
            }
        }
        add(sites, new FieldSite(o.type(), field, eff, o.param(), f, Ast.range(ref), List.of(), pointer));
    }

    private void call(IASTFunctionCallExpression call, FunctionScope scope, CFunction f, String rel, Map<String, FieldSite> sites) {
        String callee = Ast.calleeName(call);
        if (callee == null) return;
        IASTInitializerClause[] args = call.getArguments();
        if ((SIZE_READ.contains(callee) || SIZE_WRITE.contains(callee)) && args.length > 0) {
            Owner o = owner(args[0], scope, f, 0);
            boolean write = SIZE_WRITE.contains(callee) || (call.getParent() instanceof IASTBinaryExpression b
                    && b.getOperand1() == call && b.getOperator() == IASTBinaryExpression.op_assign);
            if (o != null) add(sites, new FieldSite(o.type(), "ob_size", write ? FieldEffect.WRITE : FieldEffect.READ,
                    o.param(), f, Ast.range(call), List.of(), false));
            return;
        }
        CFunction target = target(rel, callee);
        if (target == null || target.equals(f)) return;
        TextRange at = Ast.range(call);
        List<FieldSite> theirs = of(target);
        if (theirs.isEmpty()) return;
        Owner[] direct = new Owner[args.length];
        Owner[] through = new Owner[args.length];
        String[] throughField = new String[args.length];
        boolean[] embedded = new boolean[args.length];
        for (int j = 0; j < args.length; j++) {
            direct[j] = owner(args[j], scope, f, 0);
            IASTInitializerClause a = Ast.strip(args[j], true);
            embedded[j] = Ast.strip(args[j], false) instanceof IASTUnaryExpression u && u.getOperator() == IASTUnaryExpression.op_amper;
            if (direct[j] == null && a instanceof IASTFieldReference fr) {
                through[j] = owner(fr.getFieldOwner(), scope, f, 0);
                throughField[j] = fr.getFieldName().toString();
            }
        }
        for (FieldSite s : theirs) {
            List<String> via = new ArrayList<>();
            via.add(target.name());
            via.addAll(s.via());
            if (s.param() == SHARED) {
                add(sites, new FieldSite(s.type(), s.field(), s.effect(), SHARED, f, at, via, s.pointer()));
            } else if (s.param() < args.length && direct[s.param()] != null) {
                add(sites, new FieldSite(s.type(), s.field(), s.effect(), direct[s.param()].param(), f, at, via, s.pointer()));
            } else if (s.param() < args.length && through[s.param()] != null
                    && (embedded[s.param()] || !types.isObject(s.type()))) {
                // `&x->f` (an embedded struct) or `x->f` pointing to a plain struct the object owns: the helper changes
                // x's own state. A field pointing to another Python object is that object's state, not x's.
                Owner o = through[s.param()];
                String field = throughField[s.param()];
                add(sites, new FieldSite(o.type(), field, s.effect(), o.param(), f, at, via,
                        s.pointer() || types.pointer(o.type(), field)));
            }
        }
    }

    private CFunction target(String rel, String callee) {
        CFunction t = ext.resolve(rel, callee);
        return t != null && t.node() != null && t.node().getBody() != null ? t : null;
    }

    /** Which parameter's object (or module state) an expression denotes, with its struct type; null when neither. */
    private Owner owner(IASTInitializerClause expr, FunctionScope scope, CFunction f, int depth) {
        IASTInitializerClause e = expr;
        String castType = null;
        while (true) {
            if (e instanceof IASTUnaryExpression u && u.getOperator() == IASTUnaryExpression.op_bracketedPrimary) e = u.getOperand();
            else if (e instanceof IASTCastExpression c) {
                if (castType == null) castType = types.structOf(c.getTypeId().getRawSignature());
                e = c.getOperand();
            } else break;
        }
        if (!(e instanceof IASTIdExpression id)) return null;
        String name = id.getName().toString();
        String declared = types.structOf(scope.typeOf(name));
        String type = castType != null ? castType : declared;
        if (type != null && types.isModuleState(type)) return new Owner(SHARED, type);
        if (scope.isParam(name)) return type == null ? null : new Owner(f.params().indexOf(name), type);
        if (!scope.isLocal(name) || depth > 2) return null;
        // A local that only ever holds a parameter (`Foo *self = (Foo *)op;`) is that parameter.
        Owner found = null;
        for (FunctionScope.Assignment a : scope.assignments(name)) {
            if (Ast.isNullConstant(a.value())) continue;
            Owner o = owner(a.value(), scope, f, depth + 1);
            if (o == null || o.param() < 0 || (found != null && found.param() != o.param())) return null;
            found = o;
        }
        if (found == null) return null;
        String t = type != null ? type : found.type();
        return t == null ? null : new Owner(found.param(), t);
    }

    private static void add(Map<String, FieldSite> sites, FieldSite s) {
        sites.putIfAbsent(s.param() + " " + s.key() + " " + s.effect(), s);
    }

    private static boolean isIncDec(int op) {
        return op == IASTUnaryExpression.op_prefixIncr || op == IASTUnaryExpression.op_prefixDecr
                || op == IASTUnaryExpression.op_postFixIncr || op == IASTUnaryExpression.op_postFixDecr;
    }
}
