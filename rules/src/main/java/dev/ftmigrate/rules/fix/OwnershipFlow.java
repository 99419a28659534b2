package dev.ftmigrate.rules.fix;

import dev.ftmigrate.analyzer.Ast;
import dev.ftmigrate.rules.fix.OwnershipEnv.State;
import org.eclipse.cdt.core.dom.ast.IASTBreakStatement;
import org.eclipse.cdt.core.dom.ast.IASTCaseStatement;
import org.eclipse.cdt.core.dom.ast.IASTCompoundStatement;
import org.eclipse.cdt.core.dom.ast.IASTContinueStatement;
import org.eclipse.cdt.core.dom.ast.IASTDeclarationStatement;
import org.eclipse.cdt.core.dom.ast.IASTDefaultStatement;
import org.eclipse.cdt.core.dom.ast.IASTDoStatement;
import org.eclipse.cdt.core.dom.ast.IASTExpressionStatement;
import org.eclipse.cdt.core.dom.ast.IASTForStatement;
import org.eclipse.cdt.core.dom.ast.IASTGotoStatement;
import org.eclipse.cdt.core.dom.ast.IASTIfStatement;
import org.eclipse.cdt.core.dom.ast.IASTLabelStatement;
import org.eclipse.cdt.core.dom.ast.IASTNullStatement;
import org.eclipse.cdt.core.dom.ast.IASTReturnStatement;
import org.eclipse.cdt.core.dom.ast.IASTStatement;
import org.eclipse.cdt.core.dom.ast.IASTSwitchStatement;
import org.eclipse.cdt.core.dom.ast.IASTWhileStatement;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Walks a function's statements in order with the states of each converted variable, as the
 * rewritten code will have them: a strong reference from each call, released when control leaves
 * the variable's block or loop iteration, and by a top-level cleanup label for function-level
 * variables its gotos reach. Loops are iterated to a fixed point. Records {@link OwnershipFacts};
 * what plain statements do to a reference is read by {@link StatementOwnership}.
 */
final class OwnershipFlow {
    private static final class Frame {
        final IASTStatement stmt;
        final IASTStatement body;
        final boolean loop;
        final Set<String> reacquire;
        final List<OwnershipEnv> breaks = new ArrayList<>();
        final List<OwnershipEnv> continues = new ArrayList<>();

        Frame(IASTStatement stmt, IASTStatement body, boolean loop, Set<String> reacquire) {
            this.stmt = stmt; this.body = body; this.loop = loop; this.reacquire = reacquire;
        }
    }

    private final BorrowedLocals fn;
    private final Set<String> vars;
    private final FactLog log = new FactLog();
    private final StatementOwnership statements;
    private final CleanupLabels labels;
    private final Map<IASTStatement, OwnershipEnv> switchEntry = new HashMap<>();
    private final Deque<Frame> frames = new ArrayDeque<>();

    private OwnershipFlow(BorrowedLocals fn, Set<String> vars) {
        this.fn = fn;
        this.vars = new LinkedHashSet<>(vars);
        this.statements = new StatementOwnership(fn, this.vars, log);
        this.labels = new CleanupLabels(fn);
    }

    /** The facts for converting {@code vars} (all of them together: an exit added for one releases the others). */
    static OwnershipFacts walk(BorrowedLocals fn, Set<String> vars) {
        OwnershipFlow f = new OwnershipFlow(fn, vars);
        f.walk(fn.body, new OwnershipEnv());
        return new OwnershipFacts(fn, f.vars, f.log.facts(), f.statements.noneTests());
    }

    private OwnershipEnv walk(IASTStatement s, OwnershipEnv env) {
        if (env == null && !(s instanceof IASTLabelStatement || s instanceof IASTCaseStatement || s instanceof IASTDefaultStatement)) {
            BorrowedLocals.Site site = fn.siteAt(s);
            if (site != null && vars.contains(site.var())) log.problem(site.var(), "a call is unreachable");
            return null;
        }
        if (s instanceof IASTCompoundStatement c) return compound(c, env);
        if (s instanceof IASTIfStatement i) return ifStatement(i, env);
        if (s instanceof IASTReturnStatement r) { log.add(new OwnershipFacts.Return(r, env.snapshot(vars), log.quiet())); return null; }
        if (s instanceof IASTGotoStatement g) return gotoStatement(g, env);
        if (s instanceof IASTLabelStatement l) return label(l, env);
        if (s instanceof IASTForStatement f) {
            OwnershipEnv e = f.getInitializerStatement() == null ? env : walk(f.getInitializerStatement(), env);
            return loop(f, f.getBody(), e, false);
        }
        if (s instanceof IASTWhileStatement w) { statements.uses(w.getCondition(), env); return loop(w, w.getBody(), env, false); }
        if (s instanceof IASTDoStatement d) return loop(d, d.getBody(), env, true);
        if (s instanceof IASTSwitchStatement sw) return switchStatement(sw, env);
        if (s instanceof IASTBreakStatement b) return jump(b, env, false);
        if (s instanceof IASTContinueStatement c) return jump(c, env, true);
        if (s instanceof IASTCaseStatement || s instanceof IASTDefaultStatement) {
            return OwnershipEnv.join(env, frames.isEmpty() || frames.peek().loop ? null : switchEntry.get(frames.peek().stmt));
        }
        if (s instanceof IASTNullStatement) return env;
        if (s instanceof IASTExpressionStatement || s instanceof IASTDeclarationStatement) {
            BorrowedLocals.Site site = fn.siteAt(s);
            if (site != null && vars.contains(site.var())) return assignment(site, env);
            return statements.simple(s, env);
        }
        for (String v : vars) if (Stmts.mentions(s, v)) log.problem(v, "`" + v + "` is used in a statement this fixer does not model");
        return env;
    }

    /** The end of a variable's block, or of a loop iteration that assigns it again, releases it. */
    private OwnershipEnv compound(IASTCompoundStatement c, OwnershipEnv env) {
        OwnershipEnv e = env;
        for (IASTStatement st : c.getStatements()) e = walk(st, e);
        if (e == null) return null;
        boolean functionEnd = c == fn.body;
        for (String v : vars) {
            BorrowedLocals.Var var = fn.vars().get(v);
            boolean scopeEnd = var.block() == c && (!functionEnd || "void".equals(fn.returnType));
            boolean iterationEnd = !frames.isEmpty() && frames.peek().loop && frames.peek().body == c && frames.peek().reacquire.contains(v);
            if ((scopeEnd || iterationEnd) && e.get(v).contains(State.OWNED)) {
                log.add(new OwnershipFacts.BlockEnd(c, v, Set.copyOf(e.get(v)), log.quiet()));
                e = e.with(v, EnumSet.of(State.OTHER));
            }
        }
        return e;
    }

    private OwnershipEnv ifStatement(IASTIfStatement i, OwnershipEnv env) {
        statements.uses(i.getConditionExpression(), env);
        OwnershipEnv thenEnv = env, elseEnv = env;
        Stmts.NullTest t = statements.test(i.getConditionExpression());
        if (t != null && vars.contains(t.variable())) {
            EnumSet<State> st = env.get(t.variable());
            EnumSet<State> nul = EnumSet.copyOf(st), non = EnumSet.copyOf(st);
            nul.retainAll(EnumSet.of(State.NULL, State.UNINIT));
            non.remove(State.NULL);
            thenEnv = env.with(t.variable(), t.isNull() ? nul : non);
            elseEnv = env.with(t.variable(), t.isNull() ? non : nul);
        }
        OwnershipEnv a = walk(i.getThenClause(), thenEnv);
        OwnershipEnv b = i.getElseClause() == null ? elseEnv : walk(i.getElseClause(), elseEnv);
        return OwnershipEnv.join(a, b);
    }

    /** A goto to a top-level label below it: the label releases the function-level variables, the goto the rest. */
    private OwnershipEnv gotoStatement(IASTGotoStatement g, OwnershipEnv env) {
        String label = g.getName().toString();
        for (String v : vars) {
            if (env.get(v).contains(State.OWNED) && !labels.releases(label, v)) log.add(new OwnershipFacts.Leave(g, v, Set.copyOf(env.get(v)), log.quiet()));
        }
        labels.jump(label, env);
        return null;
    }

    private OwnershipEnv label(IASTLabelStatement l, OwnershipEnv env) {
        String name = l.getName().toString();
        boolean top = l.getParent() == fn.body && fn.topLabels.get(name) == l;
        OwnershipEnv in = labels.arrive(name, env);
        if (in == null) return walk(l.getNestedStatement(), null);
        if (top) {
            for (String v : vars) {
                if (fn.vars().get(v).block() != fn.body || !in.get(v).contains(State.OWNED)) continue;
                EnumSet<State> all = in.get(v);
                if (all.contains(State.OTHER)) { log.problem(v, "`" + v + "` reaches the cleanup label both held and released"); continue; }
                String text = fn.model.source().text();
                IASTStatement nested = l.getNestedStatement();
                if (SourceText.lineStart(text, Ast.range(nested).start()) == SourceText.lineStart(text, Ast.range(l).start())) {
                    log.problem(v, "the cleanup label shares a line with its statement");
                    continue;
                }
                log.add(new OwnershipFacts.Leave(nested, v, Set.copyOf(all), log.quiet()));
                in = in.with(v, EnumSet.of(State.OTHER));
            }
        }
        return walk(l.getNestedStatement(), in);
    }

    private OwnershipEnv switchStatement(IASTSwitchStatement sw, OwnershipEnv env) {
        statements.uses(sw.getControllerExpression(), env);
        Frame f = new Frame(sw, sw.getBody(), false, Set.of());
        switchEntry.put(sw, env);
        frames.push(f);
        OwnershipEnv end = walk(sw.getBody(), env);
        frames.pop();
        OwnershipEnv out = OwnershipEnv.join(end, env);
        for (OwnershipEnv b : f.breaks) out = OwnershipEnv.join(out, b);
        return out;
    }

    private OwnershipEnv loop(IASTStatement stmt, IASTStatement body, OwnershipEnv env, boolean doWhile) {
        Set<String> reacquire = new HashSet<>();
        for (BorrowedLocals.Site s : fn.sites()) if (vars.contains(s.var()) && Ast.contains(stmt, s.stmt())) reacquire.add(s.var());
        OwnershipEnv entry = env;
        boolean converged = false;
        log.enterQuiet();
        for (int i = 0; i < 8 && !converged; i++) {
            Frame f = new Frame(stmt, body, true, reacquire);
            frames.push(f);
            OwnershipEnv end = walk(body, entry);
            frames.pop();
            OwnershipEnv next = OwnershipEnv.join(env, end);
            for (OwnershipEnv c : f.continues) next = OwnershipEnv.join(next, c);
            converged = next.equals(entry);
            entry = next;
        }
        log.leaveQuiet();
        if (!converged) for (String v : vars) if (Stmts.mentions(stmt, v)) log.problem(v, "a loop's effect on `" + v + "` did not settle");
        Frame f = new Frame(stmt, body, true, reacquire);
        frames.push(f);
        OwnershipEnv end = walk(body, entry);
        frames.pop();
        OwnershipEnv out = doWhile ? end : entry;
        if (doWhile) for (OwnershipEnv c : f.continues) out = OwnershipEnv.join(out, c);
        for (OwnershipEnv b : f.breaks) out = OwnershipEnv.join(out, b);
        return out;
    }

    /** A break or continue leaving a variable's block, or a continue to a loop that assigns it again, releases it. */
    private OwnershipEnv jump(IASTStatement s, OwnershipEnv env, boolean isContinue) {
        Frame target = null;
        for (Frame f : frames) if (f.loop || !isContinue) { target = f; break; }
        if (target == null) return null;
        for (String v : vars) {
            if (!env.get(v).contains(State.OWNED)) continue;
            BorrowedLocals.Var var = fn.vars().get(v);
            boolean leavesScope = Ast.contains(target.body, var.block()) && Ast.contains(var.block(), s);
            if (leavesScope || (isContinue && target.reacquire.contains(v))) {
                log.add(new OwnershipFacts.Leave(s, v, Set.copyOf(env.get(v)), log.quiet()));
                env = env.with(v, EnumSet.of(State.OTHER));
            }
        }
        (isContinue ? target.continues : target.breaks).add(env.copy());
        return null;
    }

    /** The call's variable now holds a reference; its new error exit joins the label it goes to. */
    private OwnershipEnv assignment(BorrowedLocals.Site site, OwnershipEnv env) {
        String v = site.var();
        if (env.get(v).contains(State.OWNED)) log.problem(v, "`" + v + "` is assigned again while it may still hold a reference");
        statements.uses(site.call(), env);
        String callText = Ast.text(fn.model.source(), site.call());
        int open = callText.indexOf('('), close = callText.lastIndexOf(')');
        if (open < 0 || close < open || !SourceText.literal(site.call())) {
            log.problem(v, "the call is written through a macro");
            return env.with(v, EnumSet.of(State.OWNED, State.NULL));
        }
        OwnershipEnv errEnv = env.with(v, EnumSet.of(State.NULL));
        boolean check = site.api().outParam || !StatementOwnership.followedByNullCheck(site.stmt(), v);
        ErrorConvention.ErrorExit exit = check ? fn.errors.at(Ast.range(site.stmt()).start()) : null;
        Set<String> byLabel = exit != null && exit.label() != null ? labels.releasedBy(exit.label(), vars) : Set.of();
        log.add(new OwnershipFacts.Assignment(site, check, exit, errEnv.snapshot(vars), byLabel, log.quiet()));
        if (exit != null && exit.label() != null) labels.jump(exit.label(), errEnv);
        EnumSet<State> after = site.api() == StrongRef.SET_DEFAULT || (!site.api().outParam && check)
                ? EnumSet.of(State.OWNED) : EnumSet.of(State.OWNED, State.NULL);
        return env.with(v, after);
    }
}
