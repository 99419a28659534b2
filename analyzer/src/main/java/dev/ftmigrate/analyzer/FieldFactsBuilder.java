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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Extracts a file's {@link FieldFacts} from its trees: one walk per function body, recording each
 * field access as written. What needs other files (is this a known struct, does the callee have a
 * summary, does the field hold a pointer) is left for {@link FieldSummaries} at link time.
 */
final class FieldFactsBuilder {
    static final Set<String> FREES = Set.of("free", "PyMem_Free", "PyMem_RawFree", "PyObject_Free", "PyObject_GC_Del",
            "PyMem_DEL", "PyMem_Del", "PyObject_Del", "PyObject_DEL",
            "PyBuffer_Release");
    static final Set<String> RESIZES = Set.of("realloc", "PyMem_Realloc", "PyMem_RawRealloc", "PyObject_Realloc",
            "_PyBytes_Resize", "_PyUnicode_Resize", "_PyTuple_Resize", "PyByteArray_Resize", "reallocarray");
    /** Resizes that take the address of the object pointer and may move it. */
    static final Set<String> RESIZES_BY_ADDRESS = Set.of("_PyBytes_Resize", "_PyUnicode_Resize", "_PyTuple_Resize");
    static final Set<String> SIZE_READ = Set.of("Py_SIZE");
    static final Set<String> SIZE_WRITE = Set.of("Py_SET_SIZE");

    private final CFunction f;
    private final FunctionScope scope;
    private final boolean anyLock;
    private final Map<String, FieldFacts.Var> vars = new LinkedHashMap<>();
    private final List<FieldFacts.Event> events = new ArrayList<>();

    private FieldFactsBuilder(CFunction f, FunctionScope scope) {
        this.f = f;
        this.scope = scope;
        this.anyLock = scope.calls().stream().anyMatch(c -> Locks.isLock(Ast.calleeName(c)));
    }

    static FieldFacts of(FileModel m, Scopes scopes) {
        List<FieldFacts.Fn> fns = new ArrayList<>();
        for (CFunction f : ExtensionModel.allFunctions(m)) {
            if (f.node() == null || f.node().getBody() == null) {
                fns.add(new FieldFacts.Fn(false, false, Map.of(), List.of(), List.of()));
                continue;
            }
            FieldFactsBuilder b = new FieldFactsBuilder(f, scopes.of(f));
            b.walk();
            List<FieldFacts.Delegate> delegates = m.included(f) && !f.params().isEmpty() ? b.delegates() : List.of();
            fns.add(new FieldFacts.Fn(true, b.anyLock, b.vars, b.events, delegates));
        }
        return new FieldFacts(StructTypes.facts(m), fns, MemberTables.of(m));
    }

    private void walk() {
        f.node().getBody().accept(new ASTVisitor() {
            { shouldVisitExpressions = true; }

            @Override
            public int visit(IASTExpression e) {
                if (Ast.range(e) == null) return PROCESS_CONTINUE;
                if (e instanceof IASTFieldReference ref) fieldRef(ref);
                else if (e instanceof IASTFunctionCallExpression call) call(call);
                return PROCESS_CONTINUE;
            }
        });
    }

    /** Calls of a wrapper handing its first parameter on (Argument Clinic's wrappers delegate to the body). */
    private List<FieldFacts.Delegate> delegates() {
        List<FieldFacts.Delegate> out = new ArrayList<>();
        for (IASTFunctionCallExpression c : scope.calls()) {
            String name = Ast.calleeName(c);
            TextRange r = Ast.range(c);
            if (name == null || r == null || c.getArguments().length == 0) continue;
            if (!f.params().get(0).equals(Ast.identifier(c.getArguments()[0]))) continue;
            out.add(new FieldFacts.Delegate(name, r.start(), Locks.held(scope, r.start())));
        }
        return out;
    }

    private void fieldRef(IASTFieldReference ref) {
        FieldFacts.Own owner = own(ref.getFieldOwner());
        if (owner.name() == null) return;
        // The path to the leaf member: `self->ctx.emin` is field `ctx.emin` (a sibling `ctx.flags` is other memory);
        // an element or a member behind `->` is not followed (nested: the field's own memory is not what changes).
        StringBuilder field = new StringBuilder(ref.getFieldName().toString());
        boolean nested = false;
        IASTNode p = ref;
        while (true) {
            IASTNode parent = p.getParent();
            if (parent instanceof IASTUnaryExpression u && u.getOperator() == IASTUnaryExpression.op_bracketedPrimary) p = parent;
            else if (parent instanceof IASTArraySubscriptExpression a && a.getArrayExpression() == p) { p = parent; nested = true; }
            else if (parent instanceof IASTFieldReference fr && fr.getFieldOwner() == p && !fr.isPointerDereference()) {
                p = parent;
                if (!nested) field.append('.').append(fr.getFieldName());
            } else break;
        }
        IASTNode parent = p.getParent();
        int mode = FieldFacts.READ;
        int shape = FieldFacts.PLAIN;
        boolean resize = false, amp = false;
        String callee = null;
        FieldEffect fallback = FieldEffect.READ;
        if (parent instanceof IASTBinaryExpression b && b.getOperand1() == p && (b.getOperator() == IASTBinaryExpression.op_assign
                || Ast.compoundAssign(b.getOperator()))) {
            int op = b.getOperator();
            if (op == IASTBinaryExpression.op_assign) {
                IASTInitializerClause rhs = Ast.strip(b.getOperand2(), false);
                String c = rhs instanceof IASTFunctionCallExpression call ? Ast.calleeName(call) : null;
                mode = FieldFacts.ASSIGN;
                resize = c != null && RESIZES.contains(c);
                if (FieldShapes.constant(b.getOperand2())) shape = FieldFacts.FLAG_WRITE;
            } else {
                mode = FieldFacts.RMW;
                if (op == IASTBinaryExpression.op_binaryOrAssign || op == IASTBinaryExpression.op_binaryAndAssign) shape = FieldFacts.FLAG_WRITE;
            }
        } else if (parent instanceof IASTUnaryExpression u && Ast.incDec(u.getOperator())) {
            mode = FieldFacts.RMW;
        } else {
            IASTNode arg = parent instanceof IASTUnaryExpression u && u.getOperator() == IASTUnaryExpression.op_amper ? parent : p;
            amp = arg != p;
            if (arg.getParent() instanceof IASTFunctionCallExpression c && c.getFunctionNameExpression() != arg) {
                callee = Ast.calleeName(c);
                if (Locks.atomic(callee) || Locks.isLock(callee) || Locks.isUnlock(callee)) return;
                if (callee != null) {
                    mode = FieldFacts.ARG;
                    boolean first = c.getArguments().length > 0 && c.getArguments()[0] == arg;
                    // Only the buffer is freed or resized, never a size handed beside it: `realloc(p, n)` by value,
                    // `_PyBytes_Resize(&o, n)` by address.
                    if (!amp && !nested && first && FREES.contains(callee)) fallback = FieldEffect.FREE;
                    else if (!nested && first && RESIZES.contains(callee) && amp == RESIZES_BY_ADDRESS.contains(callee)) fallback = FieldEffect.RESIZE;
                    else if (first && StaticAccesses.DEST_FIRST.contains(callee)) fallback = FieldEffect.WRITE;
                    else if (amp && StaticAccesses.WRITERS.contains(callee)) fallback = FieldEffect.WRITE;
                }
            }
            if (!amp && FieldShapes.indexUse(p)) shape = FieldFacts.INDEX_READ;
            else if (!amp && callee == null && FieldShapes.nullTest(p)) shape = FieldFacts.NULL_TEST;
        }
        TextRange at = Ast.range(ref);
        events.add(new FieldFacts.Event(FieldFacts.REF, at.start(), at.end(), owner, field.toString(), mode, resize, nested,
                mode == FieldFacts.ARG ? callee : null, amp, fallback.ordinal(), List.of(), held(at.start()), shape));
    }

    private void call(IASTFunctionCallExpression call) {
        String callee = Ast.calleeName(call);
        if (callee == null) return;
        IASTInitializerClause[] args = call.getArguments();
        TextRange at = Ast.range(call);
        if ((SIZE_READ.contains(callee) || SIZE_WRITE.contains(callee)) && args.length > 0) {
            FieldFacts.Own o = own(args[0]);
            boolean write = SIZE_WRITE.contains(callee) || (call.getParent() instanceof IASTBinaryExpression b
                    && b.getOperand1() == call && b.getOperator() == IASTBinaryExpression.op_assign);
            if (o.name() != null) {
                events.add(new FieldFacts.Event(FieldFacts.SIZE, at.start(), at.end(), o, "ob_size", FieldFacts.READ, false, false,
                        null, write, 0, List.of(), held(at.start()), FieldFacts.PLAIN));
            }
            return;
        }
        List<FieldFacts.Arg> out = new ArrayList<>();
        for (IASTInitializerClause arg : args) {
            IASTInitializerClause a = Ast.strip(arg, true);
            boolean embedded = Ast.strip(arg, false) instanceof IASTUnaryExpression u && u.getOperator() == IASTUnaryExpression.op_amper;
            FieldFacts.Own through = null;
            String throughField = null;
            if (a instanceof IASTFieldReference fr) {
                // `&x->ctx.inner`: down to the reference whose owner is the variable, keeping the member path
                StringBuilder path = new StringBuilder(fr.getFieldName().toString());
                IASTFieldReference base = fr;
                while (!base.isPointerDereference() && Ast.strip(base.getFieldOwner()) instanceof IASTFieldReference inner) {
                    path.insert(0, inner.getFieldName() + ".");
                    base = inner;
                }
                through = own(base.getFieldOwner());
                throughField = path.toString();
            }
            out.add(new FieldFacts.Arg(own(arg), through, throughField, embedded));
        }
        events.add(new FieldFacts.Event(FieldFacts.CALL, at.start(), at.end(), null, null, FieldFacts.READ, false, false,
                callee, false, 0, out, held(at.start()), FieldFacts.PLAIN));
    }

    /** The locks held at an offset, each as a mutex or a critical section with its object arguments. */
    private List<FieldFacts.Held> held(int offset) {
        if (!anyLock) return List.of();
        List<FieldFacts.Held> out = new ArrayList<>();
        for (IASTFunctionCallExpression lock : Locks.holding(scope, offset)) {
            String callee = Ast.calleeName(lock);
            if (callee == null || !callee.startsWith("PyCriticalSection")) {
                out.add(new FieldFacts.Held(true, List.of(), List.of()));
                continue;
            }
            IASTInitializerClause[] args = lock.getArguments();
            List<FieldFacts.Own> owners = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (int i = 1; i < args.length; i++) {
                owners.add(own(args[i]));
                ids.add(Ast.identifier(args[i]));
            }
            out.add(new FieldFacts.Held(false, owners, ids));
        }
        return out;
    }

    /** The expression as an owner: its casts (as candidate struct names) and the variable it names, recorded in {@link #vars}. */
    private FieldFacts.Own own(IASTInitializerClause expr) {
        IASTInitializerClause e = expr;
        List<String> casts = new ArrayList<>();
        while (true) {
            if (e instanceof IASTUnaryExpression u && u.getOperator() == IASTUnaryExpression.op_bracketedPrimary) e = u.getOperand();
            else if (e instanceof IASTCastExpression c) {
                casts.add(StructTypes.candidate(c.getTypeId().getRawSignature()));
                e = c.getOperand();
            } else break;
        }
        if (!(e instanceof IASTIdExpression id)) return new FieldFacts.Own(casts, null);
        String name = id.getName().toString();
        variable(name);
        return new FieldFacts.Own(casts, name);
    }

    private void variable(String name) {
        if (vars.containsKey(name)) return;
        vars.put(name, null);   // placeholder: a local assigned from itself must not recurse
        boolean param = scope.isParam(name);
        boolean local = scope.isLocal(name);
        List<FieldFacts.Own> assigns = new ArrayList<>();
        if (!param && local) {
            for (FunctionScope.Assignment a : scope.assignments(name)) {
                if (!Ast.isNullConstant(a.value())) assigns.add(own(a.value()));
            }
        }
        vars.put(name, new FieldFacts.Var(StructTypes.candidate(scope.typeOf(name)), param, f.params().indexOf(name), local, assigns));
    }

}
