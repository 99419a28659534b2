package dev.ftmigrate.rules.fix;

import dev.ftmigrate.analyzer.Ast;
import dev.ftmigrate.rules.fix.OwnershipEnv.State;
import dev.ftmigrate.rules.fix.OwnershipFacts.Fact;
import org.eclipse.cdt.core.dom.ast.IASTCompoundStatement;
import org.eclipse.cdt.core.dom.ast.IASTDeclarator;
import org.eclipse.cdt.core.dom.ast.IASTExpression;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;
import org.eclipse.cdt.core.dom.ast.IASTReturnStatement;
import org.eclipse.cdt.core.dom.ast.IASTStatement;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fix decided from the {@link OwnershipFacts}: for each place a variable still holds its
 * reference, the release that goes there ({@code Py_DECREF}, or {@code Py_XDECREF} where it may be
 * NULL), the shape of each new error exit, and a decline with its reason for every variable that
 * cannot be released exactly once on every path. A plain value: {@link ReleaseEdits} writes it.
 *
 * @param declines the variables left to a human, each with the first reason found
 * @param steps what to write, in walk order (an empty list when anything is declined)
 */
record ReleasePlan(Map<String, String> declines, List<Step> steps) {
    ReleasePlan {
        declines = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(declines));
        steps = List.copyOf(steps);
    }

    sealed interface Step {}

    /** A release line before a statement (an exit, or a cleanup label's statement). */
    record ReleaseBefore(IASTStatement stmt, String line) implements Step {}

    /** A release line before the closing brace of a block. */
    record ReleaseAtEnd(IASTCompoundStatement block, String line) implements Step {}

    /** A call stored into its variable, rewritten to the strong-reference API with its error exit (null: no new test). */
    record NewCall(BorrowedLocals.Site site, List<String> errorExit) implements Step {}

    /** A {@code Py_INCREF(v);} the new reference replaces. */
    record DropIncref(IASTStatement stmt) implements Step {}

    /** {@code return Py_NewRef(v);}: the reference we hold is the one returned. */
    record ReturnHeld(IASTFunctionCallExpression newRef, String var) implements Step {}

    /** A return whose value uses a released variable: the value is computed first, then the releases run. */
    record ReturnAfterReleases(IASTReturnStatement stmt, List<String> releases) implements Step {}

    /** {@code = NULL} for a declaration some path releases before assigning. */
    record InitNull(IASTDeclarator declarator) implements Step {}

    /** The {@code Py_None} of a dead-weakref test becomes {@code NULL}. */
    record NoneIsNull(IASTExpression none) implements Step {}

    /** The plan for the facts of one walk. */
    static ReleasePlan of(OwnershipFacts facts) {
        return new Planner(facts).plan();
    }

    private static final class Planner {
        private final OwnershipFacts facts;
        private final BorrowedLocals fn;
        private final Map<String, String> declines = new LinkedHashMap<>();
        private final List<Step> steps = new ArrayList<>();
        /** Variables released on a path where they may be unassigned: they need {@code = NULL}. */
        private final Set<String> nullInit = new HashSet<>();

        Planner(OwnershipFacts facts) {
            this.facts = facts;
            this.fn = facts.fn();
        }

        ReleasePlan plan() {
            for (Fact f : facts.facts()) {
                if (f instanceof OwnershipFacts.Problem p) {
                    decline(p.var(), p.why());
                } else if (f instanceof OwnershipFacts.BlockEnd b) {
                    String line = release(b.var(), b.held());
                    if (line != null && !b.quiet()) steps.add(new ReleaseAtEnd(b.block(), line));
                } else if (f instanceof OwnershipFacts.Leave l) {
                    String line = release(l.var(), l.held());
                    if (line != null && !l.quiet()) steps.add(new ReleaseBefore(l.at(), line));
                } else if (f instanceof OwnershipFacts.Return r) {
                    returnStatement(r);
                } else if (f instanceof OwnershipFacts.Assignment a) {
                    assignment(a);
                } else if (f instanceof OwnershipFacts.FoldedIncref i && !i.quiet()) {
                    steps.add(new DropIncref(i.stmt()));
                }
            }
            for (String v : nullInit) {
                BorrowedLocals.Var var = fn.vars().get(v);
                if (var.siteDeclaration() || var.declarator().getInitializer() != null || !SourceText.literal(var.declarator())) {
                    decline(v, "`" + v + "` may be released before it is assigned on some path");
                } else {
                    steps.add(new InitNull(var.declarator()));
                }
            }
            for (OwnershipFacts.NoneTest t : facts.noneTests()) {
                if (!SourceText.literal(t.none())) decline(t.var(), "the Py_None test is written through a macro");
                else steps.add(new NoneIsNull(t.none()));
            }
            return new ReleasePlan(declines, declines.isEmpty() ? steps : List.of());
        }

        private void decline(String v, String why) { declines.putIfAbsent(v, why); }

        /** The release call for v in these states, or null (with a decline) when it cannot be released safely. */
        private String release(String v, Set<State> held) {
            if (!held.contains(State.OWNED)) return null;
            if (held.contains(State.OTHER)) { decline(v, "`" + v + "` may already be released on some path"); return null; }
            if (held.contains(State.UNINIT)) nullInit.add(v);
            return (held.equals(Set.of(State.OWNED)) ? "Py_DECREF(" : "Py_XDECREF(") + v + ");";
        }

        /**
         * Releases before a return; a returned variable must carry a reference of its own, and a
         * value computed from a released variable is computed before the releases.
         */
        private void returnStatement(OwnershipFacts.Return r) {
            IASTExpression value = r.stmt().getReturnValue();
            List<String> lines = new ArrayList<>();
            boolean temp = false;
            for (String v : facts.vars()) {
                Set<State> st = r.held().get(v);
                if (!st.contains(State.OWNED)) continue;
                if (value != null && v.equals(Ast.identifier(value)) && !(Ast.strip(value) instanceof IASTFunctionCallExpression)) {
                    if (!fn.increfs.transferReturns.contains(r.stmt())) decline(v, "`" + v + "` is returned without a reference of its own");
                    continue;
                }
                if (value != null && Ast.strip(value) instanceof IASTFunctionCallExpression c && c.getArguments().length == 1
                        && v.equals(Ast.identifier(c.getArguments()[0])) && ("Py_NewRef".equals(Ast.calleeName(c)) || "Py_XNewRef".equals(Ast.calleeName(c)))) {
                    if (!r.quiet()) steps.add(new ReturnHeld(c, v));
                    continue;
                }
                if (value != null && fn.locals.mentionsAlias(value, v)) temp = true;
                String line = release(v, st);
                if (line != null) lines.add(line);
            }
            if (lines.isEmpty() || r.quiet()) return;
            String text = fn.model.source().text();
            if (!temp) {
                if (!SourceText.literal(r.stmt()) && !Ast.text(fn.model.source(), r.stmt()).startsWith("Py_RETURN_")) {
                    declineHolders(r.held(), "a return inside a macro");
                    return;
                }
                for (String l : lines) steps.add(new ReleaseBefore(r.stmt(), l));
                return;
            }
            if (!SourceText.literal(r.stmt()) || fn.returnType == null || !(r.stmt().getParent() instanceof IASTCompoundStatement)
                    || !SourceText.firstOnLine(text, Ast.range(r.stmt()).start())) {
                for (String v : facts.vars()) {
                    if (r.held().get(v).contains(State.OWNED)) decline(v, "the value returned uses `" + v + "` in a statement that cannot be split");
                }
                return;
            }
            steps.add(new ReturnAfterReleases(r.stmt(), lines));
        }

        private void declineHolders(Map<String, Set<State>> held, String why) {
            for (String v : facts.vars()) if (held.get(v).contains(State.OWNED)) decline(v, why);
        }

        /**
         * A new error exit follows the function's convention: a goto to its cleanup label (which
         * releases the function-level variables itself), else a return after releasing what is held.
         */
        private void assignment(OwnershipFacts.Assignment a) {
            String v = a.site().var();
            List<String> exit = null;
            if (a.checked()) {
                exit = new ArrayList<>();
                if (a.exit() == null) {
                    decline(v, fn.fn.name() + "() has no error convention to follow (return NULL, return -1 or goto error)");
                } else {
                    if (a.exit().label() == null) {
                        String live = fn.locals.liveOwnedLocal(Ast.range(a.site().stmt()).start(), facts.vars());
                        if (live != null) decline(v, "a new error exit here would leak `" + live + "`, which already holds a reference");
                    }
                    for (String u : facts.vars()) {
                        if (a.releasedByLabel().contains(u)) continue;
                        String l = release(u, a.errorPath().get(u));
                        if (l != null) exit.add(l);
                    }
                    exit.add(a.exit().statement());
                }
            }
            if (!a.quiet()) steps.add(new NewCall(a.site(), exit));
        }
    }
}
