package dev.ftmigrate.rules.catalog;

import dev.ftmigrate.analyzer.Ast;
import dev.ftmigrate.analyzer.CFunction;
import dev.ftmigrate.analyzer.Sharing;
import dev.ftmigrate.rules.Confidence;
import dev.ftmigrate.rules.engine.RuleContext;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;
import org.eclipse.cdt.core.dom.ast.IASTInitializerClause;

/**
 * FT301/FT302: a borrowed reference out of a container is only a hazard when other threads can
 * reach the container; private ones (created here, kwargs) are not reported.
 */
final class SharedContainerCall {
    private SharedContainerCall() {}

    /**
     * Why the container of this get-item call is shared, or null when it is not a hazard: a private
     * container, or a shared one frozen after initialisation (never mutated at run time, never
     * handed to code we cannot see).
     */
    static Sharing.Verdict hazard(RuleContext ctx, IASTFunctionCallExpression call) {
        IASTInitializerClause container = Ast.arg(call, 0);
        if (container == null) return null;
        CFunction fn = ctx.functionOf(call).orElse(null);
        Sharing.Verdict v = ctx.sharing().classify(container, fn, Ast.range(call).start());
        if (v.kind() == Sharing.Kind.PRIVATE || ctx.extension().frozenContainer(ctx.model(), fn, container)) return null;
        // Under a critical section (or a lock) nobody else changes the container while the borrowed item is used.
        if (fn != null && ctx.extension().locked(fn, Ast.range(call).start())) return null;
        return v;
    }

    static void report(RuleContext ctx, IASTFunctionCallExpression call, String callee, String kind,
                       String replacement, String consequence) {
        Sharing.Verdict v = hazard(ctx, call);
        if (v == null) return;
        IASTInitializerClause container = Ast.arg(call, 0);
        Confidence c = v.kind() == Sharing.Kind.SHARED ? (v.certain() ? Confidence.HIGH : Confidence.MEDIUM) : Confidence.LOW;
        String owner = v.kind() == Sharing.Kind.SHARED ? "a shared " + kind : "a " + kind + " that may be shared";
        ctx.report(call).subject(ctx.text(container)).confidence(c).fix(BorrowedFix.of(ctx, call))
                .message(callee + "() on " + owner + ", " + v.reason() + ": " + consequence + "; use "
                        + replacement + ", which returns a strong reference (Py_DECREF it when done)")
                .emit();
    }
}
