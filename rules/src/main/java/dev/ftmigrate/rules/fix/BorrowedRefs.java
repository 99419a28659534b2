package dev.ftmigrate.rules.fix;

import dev.ftmigrate.analyzer.Ast;
import dev.ftmigrate.analyzer.CFunction;
import dev.ftmigrate.analyzer.FileModel;
import dev.ftmigrate.rules.Fix;
import dev.ftmigrate.rules.engine.FixContext;
import dev.ftmigrate.rules.FixSafety;
import dev.ftmigrate.rules.TextEdit;
import org.eclipse.cdt.core.dom.ast.ASTVisitor;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * FT301–FT305: borrowed-reference APIs rewritten to their strong-reference versions, with the
 * ownership change done in full: the new error path (the Ref APIs report -1 where the old calls
 * swallowed errors or had none), and a Py_DECREF/Py_XDECREF on every exit after the value is
 * obtained (returns, break/continue, the end of the variable's block, goto cleanup labels).
 * {@code Py_INCREF(v); return v;} becomes {@code return v;}, and a
 * {@code Py_INCREF(v); ... Py_DECREF(v);} pair becomes the release.
 *
 * <p>All borrowed references of one function are rewritten together, because an error exit added
 * for one must also release the others; every finding of the function carries the same edits
 * (the patcher merges identical edits). A shape this code does not understand gets an ADVICE
 * fix that says why, never a guess: a wrong reference count is worse than no fix.
 */
public final class BorrowedRefs {
    private BorrowedRefs() {}

    /**
     * The fix for one reported call: a REVIEW fix rewriting the function's borrowed references,
     * or an ADVICE fix (no edits) saying why this one is left to a human.
     *
     * @param hazard which calls of the function are reported (the same test the rules apply)
     */
    public static Fix fix(FixContext fx, IASTFunctionCallExpression call, Predicate<IASTFunctionCallExpression> hazard) {
        FileModel model = fx.model();
        String callee = Ast.calleeName(call);
        if (StrongRef.OLD.get(callee) == null) return advice(callee + "() has no strong-reference variant with the same arguments");
        Optional<CFunction> fn = model.functionAt(Ast.range(call).start());
        if (fn.isEmpty()) return advice("the call is outside a function");
        // Every finding of a function gets its answer from one analysis of the whole function.
        Map<Object, Rewrite> byFunction = fx.memo(BorrowedRefs.class, java.util.HashMap::new);
        Rewrite r = byFunction.get(fn.get().node());
        if (r == null || !r.unsited.contains(call)) {
            r = rewrite(fx, fn.get(), call, hazard);
            byFunction.put(fn.get().node(), r);
        }
        String mine = r.locals.varOf(call);
        if (mine == null) return advice(r.locals.reason(call));
        return r.fixable.contains(mine) && r.fix != null ? r.fix
                : advice(r.why.getOrDefault(mine, "the ownership of `" + mine + "` is not understood"));
    }

    /** @param unsited every call the analysis covered (a call outside it means a new analysis) */
    private record Rewrite(BorrowedLocals locals, Set<String> fixable, Map<String, String> why, Fix fix, Set<IASTFunctionCallExpression> unsited) {}


    private static Rewrite rewrite(FixContext fx, CFunction fn, IASTFunctionCallExpression call, Predicate<IASTFunctionCallExpression> hazard) {
        FileModel model = fx.model();
        List<IASTFunctionCallExpression> calls = new ArrayList<>();
        fn.node().getBody().accept(new ASTVisitor() {
            { shouldVisitExpressions = true; }

            @Override
            public int visit(org.eclipse.cdt.core.dom.ast.IASTExpression e) {
                if (e instanceof IASTFunctionCallExpression c && StrongRef.OLD.containsKey(String.valueOf(Ast.calleeName(c))) && (c == call || hazard.test(c))) calls.add(c);
                return PROCESS_CONTINUE;
            }
        });
        BorrowedLocals locals = new BorrowedLocals(model, fn, calls);
        Set<IASTFunctionCallExpression> unsited = new java.util.HashSet<>(calls);
        Set<String> fixable = new LinkedHashSet<>(locals.fixableVars());
        Map<String, String> why = new LinkedHashMap<>(locals.unfixable());
        // Analysis, then the release plan; a declined variable is dropped and the rest planned again,
        // because an exit added for one variable also releases the others.
        ReleasePlan done = null;
        while (!fixable.isEmpty()) {
            ReleasePlan p = ReleasePlan.of(OwnershipFlow.walk(locals, fixable));
            if (p.declines().isEmpty()) { done = p; break; }
            why.putAll(p.declines());
            fixable.removeAll(p.declines().keySet());
        }
        if (done == null) return new Rewrite(locals, fixable, why, null, unsited);
        List<TextEdit> edits = new ArrayList<>(ReleaseEdits.of(locals, done));
        Set<String> apis = new java.util.TreeSet<>();
        for (BorrowedLocals.Site s : locals.sites()) if (fixable.contains(s.var())) apis.add(s.api().name);
        for (String a : apis) {
            Optional<List<TextEdit>> c = Compat.provide(fx, a);
            if (c.isEmpty()) {
                for (String v : fixable) why.put(v, "no #include to put the compat fallback of " + a + "() after");
                return new Rewrite(locals, Set.of(), why, null, unsited);
            }
            edits.addAll(c.get());
        }
        String names = String.join(", ", apis.stream().map(a -> a + "()").toList());
        String vars = String.join(", ", fixable.stream().map(v -> "`" + v + "`").toList());
        Fix fix = new Fix("use " + names + " in " + fn.name() + "(): " + vars + " now hold" + (fixable.size() == 1 ? "s" : "")
                + " a strong reference, released on every exit; errors are reported", FixSafety.REVIEW, edits);
        return new Rewrite(locals, fixable, why, fix, unsited);
    }

    static Fix advice(String why) {
        return new Fix("not rewritten automatically: " + why, FixSafety.ADVICE, List.of());
    }
}
