package dev.ftmigrate.rules.catalog;

import dev.ftmigrate.analyzer.Ast;
import dev.ftmigrate.analyzer.CFunction;
import dev.ftmigrate.analyzer.Sharing;
import dev.ftmigrate.rules.Confidence;
import dev.ftmigrate.rules.engine.RuleContext;
import org.eclipse.cdt.core.dom.ast.IASTInitializerClause;
import org.eclipse.cdt.core.dom.ast.IASTNode;

/** FT104/FT306/FT307: direct container access on an object other threads may mutate, outside a critical section. */
final class SharedContainerAccess {
    private SharedContainerAccess() {}

    /** Reports when {@code container} is not private and the site is not under a lock or critical section. */
    static void report(RuleContext ctx, IASTNode site, IASTInitializerClause container, String what, String consequence, String fix) {
        report(ctx, site, container, what, consequence, fix, fx -> null);
    }

    /** As above, with the rule's patch (computed only when the site is reported). */
    static void report(RuleContext ctx, IASTNode site, IASTInitializerClause container, String what, String consequence, String fix,
                       dev.ftmigrate.rules.engine.FixRequest patch) {
        CFunction fn = ctx.functionOf(site).orElse(null);
        if (fn == null || container == null) return;
        int at = Ast.range(site).start();
        if (ctx.extension().locked(fn, at) || Reachability.initOnly(ctx, fn)) return;
        Sharing.Verdict v = ctx.sharing().classify(container, fn, at);
        if (v.kind() == Sharing.Kind.PRIVATE || ctx.extension().frozenContainer(ctx.model(), fn, container)) return;
        Confidence c = v.kind() == Sharing.Kind.SHARED ? (v.certain() ? Confidence.HIGH : Confidence.MEDIUM) : Confidence.LOW;
        ctx.report(site).subject(ctx.text(container)).confidence(Reachability.confidence(ctx, fn, c))
                .message(what + " on " + v.reason() + ", with no critical section, " + Reachability.phrase(ctx, fn) + ": "
                        + consequence + "; " + fix)
                .pathTo(fn)
                .fix(patch)
                .emit();
    }
}
