package dev.ftmigrate.rules.catalog;

import dev.ftmigrate.analyzer.Ast;
import dev.ftmigrate.analyzer.CFunction;
import dev.ftmigrate.analyzer.Locks;
import dev.ftmigrate.analyzer.StaticAccess;
import dev.ftmigrate.rules.engine.FileRule;
import dev.ftmigrate.rules.engine.RuleContext;
import org.eclipse.cdt.core.dom.ast.IASTBinaryExpression;

import java.util.List;
import java.util.regex.Pattern;

/**
 * FT401/FT402/FT403 share one walk: every unlocked run-time write to static state, split by
 * shape (free list, lazy init, plain write) so each write is reported by exactly one rule.
 */
abstract class StaticStateRule implements FileRule {
    static final Pattern FREE_LIST = Pattern.compile("(?i).*(free_?list|numfree|num_?free|nfree|free_?count|free_?objects).*|(?i)(.*_)?pool(_.*|s)?");

    enum Shape { PLAIN, LAZY_INIT, FREE_LIST }

    static Shape shape(StaticAccess a) {
        // A null-guarded first assignment is a lazy init whatever the variable is called.
        if (a.lazyInit()) return Shape.LAZY_INIT;
        if (FREE_LIST.matcher(a.variable().name()).matches()) return Shape.FREE_LIST;
        return Shape.PLAIN;
    }

    abstract Shape handles();

    /**
     * Reports the first unlocked write of a variable in a function; {@code more} are its other writes there.
     * {@code batch} is null, or names the variable reported first when the function stores several statics
     * together (one root cause: a setup or cache refill done in one go).
     */
    abstract void report(RuleContext ctx, StaticAccess a, java.util.List<StaticAccess> more, Batch batch);

    /** The function stores {@code count} statics together; {@code first} is reported at full level, the rest below it. */
    record Batch(String first, int count, String function) {
        String phrase() {
            return "; one root cause with `" + first + "`: " + function + "() stores " + count + " statics in one go, so lock or move them together";
        }
    }

    /** Fewest statics stored together (plain stores, no read-modify-write) that make one batch. */
    private static final int BATCH = 3;

    /** The other writes of the same variable in the same function, as evidence (one finding per root cause). */
    static dev.ftmigrate.rules.engine.RuleContext.Report listMore(dev.ftmigrate.rules.engine.RuleContext.Report r, StaticAccess a, java.util.List<StaticAccess> more) {
        // A global another file defines (used here through `extern`): point at its definition.
        if (definedElsewhere(a)) r.evidence(a.variable().relPath(), a.variable().nameRange(), "`" + a.variable().name() + "` is defined here");
        for (StaticAccess m : more) r.evidence(m.range(), "also " + m.kind().label() + " of `" + m.path() + "` here");
        return r;
    }

    @Override
    public final void onFile(RuleContext ctx) {
        for (CFunction fn : ctx.model().functions()) {
            if (Reachability.initOnly(ctx, fn)) continue;
            // One root cause, one finding: repeated writes of one variable in one function are listed on the first.
            java.util.Map<String, java.util.List<StaticAccess>> byVariable = new java.util.LinkedHashMap<>();
            for (StaticAccess a : ctx.extension().staticAccesses(fn)) {
                if (!a.writes() || shape(a) != handles()) continue;
                if (ctx.extension().locked(fn, a.range().start()) || Locks.underGilState(ctx.extension().scope(fn), a.range().start())) continue;
                byVariable.computeIfAbsent(a.variable().name(), k -> new java.util.ArrayList<>()).add(a);
            }
            boolean batched = handles() == Shape.PLAIN && byVariable.size() >= BATCH && byVariable.values().stream()
                    .flatMap(java.util.List::stream).noneMatch(a -> a.kind() == StaticAccess.Kind.READ_MODIFY_WRITE);
            String first = byVariable.isEmpty() ? null : byVariable.keySet().iterator().next();
            for (java.util.List<StaticAccess> group : byVariable.values()) {
                boolean lead = group.get(0).variable().name().equals(first);
                report(ctx, group.get(0), group.subList(1, group.size()), batched && !lead ? new Batch(first, byVariable.size(), fn.name()) : null);
            }
        }
    }

    /** Every write FT401/FT402 report in the file: the PyMutex fix locks them by group. */
    static java.util.List<StaticAccess> lockable(RuleContext ctx) {
        return flagged(ctx, java.util.EnumSet.of(Shape.PLAIN, Shape.LAZY_INIT));
    }

    static java.util.List<StaticAccess> flagged(RuleContext ctx, java.util.Set<Shape> shapes) {
        java.util.List<StaticAccess> out = new java.util.ArrayList<>();
        for (CFunction fn : ctx.model().functions()) {
            if (Reachability.initOnly(ctx, fn)) continue;
            for (StaticAccess a : ctx.extension().staticAccesses(fn)) {
                if (!a.writes() || !shapes.contains(shape(a)) || definedElsewhere(a)) continue;
                if (ctx.extension().locked(fn, a.range().start()) || Locks.underGilState(ctx.extension().scope(fn), a.range().start())) continue;
                out.add(a);
            }
        }
        return out;
    }

    static dev.ftmigrate.rules.engine.FixRequest lockFix(RuleContext ctx, StaticAccess a) {
        if (definedElsewhere(a)) return fx -> new dev.ftmigrate.rules.Fix("`" + a.variable().name() + "` is written from several files: "
                + "declare one PyMutex beside its definition in " + a.variable().relPath() + ", extern it in a shared header and "
                + "take it around every write in every file (a lock per file would not exclude the others)",
                dev.ftmigrate.rules.FixSafety.ADVICE, java.util.List.of());
        return fx -> dev.ftmigrate.rules.fix.StaticLocks.fix(fx, a, () -> lockable(ctx));
    }

    static dev.ftmigrate.rules.engine.FixRequest freeListFix(RuleContext ctx, StaticAccess a) {
        if (definedElsewhere(a)) return lockFix(ctx, a);
        return fx -> dev.ftmigrate.rules.fix.FreeListFix.fix(fx, a, () -> flagged(ctx, java.util.EnumSet.of(Shape.FREE_LIST)));
    }

    /** The variable is another file's global, written here through an `extern` declaration. */
    static boolean definedElsewhere(StaticAccess a) {
        return !a.variable().relPath().equals(a.function().relPath());
    }

    /** `s = <the same object whichever thread computes it>` (see {@link SameObject}). */
    static boolean storesSameObject(RuleContext ctx, StaticAccess a) {
        if (a.node() == null || a.function() == null || !(a.node().getParent() instanceof IASTBinaryExpression b)
                || b.getOperator() != IASTBinaryExpression.op_assign || b.getOperand1() != a.node()) return false;
        return SameObject.is(b.getOperand2(), ctx.extension().scope(a.function()));
    }

    static final String SAME_OBJECT_NOTE = SameObject.NOTE;

    static String where(StaticAccess a) {
        if (definedElsewhere(a)) return "a global defined in " + a.variable().relPath() + " (extern here)";
        return a.variable().fileScope() ? (a.variable().isStatic() ? "a file-scope static" : "a global")
                : "a static local of " + a.variable().function() + "()";
    }
}
