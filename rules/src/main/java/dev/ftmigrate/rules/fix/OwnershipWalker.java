package dev.ftmigrate.rules.fix;

import dev.ftmigrate.analyzer.Ast;
import dev.ftmigrate.analyzer.TextRange;
import dev.ftmigrate.rules.TextEdit;
import org.eclipse.cdt.core.dom.ast.ASTVisitor;
import org.eclipse.cdt.core.dom.ast.IASTBinaryExpression;
import org.eclipse.cdt.core.dom.ast.IASTBreakStatement;
import org.eclipse.cdt.core.dom.ast.IASTCaseStatement;
import org.eclipse.cdt.core.dom.ast.IASTCompoundStatement;
import org.eclipse.cdt.core.dom.ast.IASTContinueStatement;
import org.eclipse.cdt.core.dom.ast.IASTDeclarationStatement;
import org.eclipse.cdt.core.dom.ast.IASTDeclarator;
import org.eclipse.cdt.core.dom.ast.IASTDefaultStatement;
import org.eclipse.cdt.core.dom.ast.IASTDoStatement;
import org.eclipse.cdt.core.dom.ast.IASTExpression;
import org.eclipse.cdt.core.dom.ast.IASTExpressionStatement;
import org.eclipse.cdt.core.dom.ast.IASTForStatement;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;
import org.eclipse.cdt.core.dom.ast.IASTGotoStatement;
import org.eclipse.cdt.core.dom.ast.IASTIdExpression;
import org.eclipse.cdt.core.dom.ast.IASTIfStatement;
import org.eclipse.cdt.core.dom.ast.IASTLabelStatement;
import org.eclipse.cdt.core.dom.ast.IASTNode;
import org.eclipse.cdt.core.dom.ast.IASTNullStatement;
import org.eclipse.cdt.core.dom.ast.IASTReturnStatement;
import org.eclipse.cdt.core.dom.ast.IASTSimpleDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTStatement;
import org.eclipse.cdt.core.dom.ast.IASTSwitchStatement;
import org.eclipse.cdt.core.dom.ast.IASTWhileStatement;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Walks a function's statements in order with, for each converted variable, the set of states it
 * may be in (uninitialised, NULL, holding our strong reference, or holding something we must not
 * release), and places the releases: before each return, break, continue and goto that leaves
 * while the reference is held, at the end of the variable's block or loop iteration, and at a
 * top-level cleanup label reached by gotos. Loops are iterated to a fixed point before their
 * edits are placed. Anything it cannot place exactly becomes a failure for that variable.
 */
final class OwnershipWalker {
    enum S { UNINIT, NULL, OWNED, OTHER }

    /** Variable states at one point; null stands for "unreachable". */
    static final class Env {
        final Map<String, EnumSet<S>> m = new HashMap<>();

        Env copy() { Env e = new Env(); m.forEach((k, v) -> e.m.put(k, EnumSet.copyOf(v))); return e; }

        EnumSet<S> get(String v) { return m.getOrDefault(v, EnumSet.of(S.UNINIT)); }

        Env with(String v, EnumSet<S> s) { Env e = copy(); e.m.put(v, EnumSet.copyOf(s)); return e; }

        static Env join(Env a, Env b) {
            if (a == null) return b == null ? null : b.copy();
            if (b == null) return a.copy();
            Env e = a.copy();
            b.m.forEach((k, v) -> e.m.computeIfAbsent(k, x -> EnumSet.of(S.UNINIT)).addAll(v));
            for (String k : a.m.keySet()) if (!b.m.containsKey(k)) e.m.get(k).add(S.UNINIT);
            return e;
        }

        @Override public boolean equals(Object o) { return o instanceof Env e && e.m.equals(m); }

        @Override public int hashCode() { return m.hashCode(); }
    }

    private static final class Frame {
        final IASTStatement stmt;
        final IASTStatement body;
        final boolean loop;
        final Set<String> reacquire;
        final List<Env> breaks = new ArrayList<>();
        final List<Env> continues = new ArrayList<>();

        Frame(IASTStatement stmt, IASTStatement body, boolean loop, Set<String> reacquire) {
            this.stmt = stmt; this.body = body; this.loop = loop; this.reacquire = reacquire;
        }
    }

    private final Plan plan;
    private final Set<String> vars;
    private final EditBuilder eb;
    private final Map<String, String> failures = new LinkedHashMap<>();
    private final Map<String, List<Env>> gotoEnvs = new HashMap<>();
    private final Set<String> labelsSeen = new HashSet<>();
    private final Set<String> nullInit = new HashSet<>();
    private final Deque<Frame> frames = new ArrayDeque<>();
    private int quiet;

    OwnershipWalker(Plan plan, Set<String> vars) {
        this.plan = plan;
        this.vars = vars;
        this.eb = new EditBuilder(plan.model.source());
    }

    Map<String, String> failures() { return failures; }

    void run() {
        walk(plan.body, new Env());
        for (String v : nullInit) {
            Plan.Var var = plan.vars().get(v);
            if (var.siteDeclaration() || var.declarator().getInitializer() != null || !SourceText.literal(var.declarator())) {
                fail(v, "`" + v + "` may be released before it is assigned on some path");
            } else {
                eb.add(TextEdit.insert(eb.source().relPath(), Ast.range(var.declarator()).end(), " = NULL"));
            }
        }
        weakrefNoneTests();
        if (!eb.ok()) for (String v : vars) fail(v, eb.problem());
    }

    List<TextEdit> edits() { return eb.build(); }

    private void fail(String v, String why) { failures.putIfAbsent(v, why); }

    private Env walk(IASTStatement s, Env env) {
        if (env == null && !(s instanceof IASTLabelStatement || s instanceof IASTCaseStatement || s instanceof IASTDefaultStatement)) {
            Plan.Site site = plan.siteAt(s);
            if (site != null && vars.contains(site.var())) fail(site.var(), "a call is unreachable");
            return null;
        }
        if (s instanceof IASTCompoundStatement c) return compound(c, env);
        if (s instanceof IASTIfStatement i) return ifStatement(i, env);
        if (s instanceof IASTReturnStatement r) return returnStatement(r, env);
        if (s instanceof IASTGotoStatement g) return gotoStatement(g, env);
        if (s instanceof IASTLabelStatement l) return label(l, env);
        if (s instanceof IASTForStatement f) {
            Env e = f.getInitializerStatement() == null ? env : walk(f.getInitializerStatement(), env);
            return loop(f, f.getBody(), e, false);
        }
        if (s instanceof IASTWhileStatement w) { uses(w.getCondition(), env); return loop(w, w.getBody(), env, false); }
        if (s instanceof IASTDoStatement d) return loop(d, d.getBody(), env, true);
        if (s instanceof IASTSwitchStatement sw) return switchStatement(sw, env);
        if (s instanceof IASTBreakStatement b) return jump(b, env, false);
        if (s instanceof IASTContinueStatement c) return jump(c, env, true);
        if (s instanceof IASTCaseStatement || s instanceof IASTDefaultStatement) {
            return Env.join(env, frames.isEmpty() || frames.peek().loop ? null : switchEntry.get(frames.peek().stmt));
        }
        if (s instanceof IASTNullStatement) return env;
        if (s instanceof IASTExpressionStatement || s instanceof IASTDeclarationStatement) return simple(s, env);
        for (String v : vars) if (Plan.mentions(s, v)) fail(v, "`" + v + "` is used in a statement this fixer does not model");
        return env;
    }

    private Env compound(IASTCompoundStatement c, Env env) {
        Env e = env;
        for (IASTStatement st : c.getStatements()) e = walk(st, e);
        if (e == null) return null;
        boolean functionEnd = c == plan.body;
        for (String v : vars) {
            Plan.Var var = plan.vars().get(v);
            boolean scopeEnd = var.block() == c && (!functionEnd || "void".equals(plan.returnType));
            boolean iterationEnd = !frames.isEmpty() && frames.peek().loop && frames.peek().body == c && frames.peek().reacquire.contains(v);
            if ((scopeEnd || iterationEnd) && e.get(v).contains(S.OWNED)) {
                String line = release(v, e);
                if (line != null && quiet == 0) eb.atEnd(c, line);
                e = e.with(v, EnumSet.of(S.OTHER));
            }
        }
        return e;
    }

    private Env ifStatement(IASTIfStatement i, Env env) {
        uses(i.getConditionExpression(), env);
        Env thenEnv = env, elseEnv = env;
        Stmts.NullTest t = test(i.getConditionExpression());
        if (t != null && vars.contains(t.variable())) {
            EnumSet<S> st = env.get(t.variable());
            EnumSet<S> nul = EnumSet.copyOf(st), non = EnumSet.copyOf(st);
            nul.retainAll(EnumSet.of(S.NULL, S.UNINIT));
            non.remove(S.NULL);
            thenEnv = env.with(t.variable(), t.isNull() ? nul : non);
            elseEnv = env.with(t.variable(), t.isNull() ? non : nul);
        }
        Env a = walk(i.getThenClause(), thenEnv);
        Env b = i.getElseClause() == null ? elseEnv : walk(i.getElseClause(), elseEnv);
        return Env.join(a, b);
    }

    /** A NULL test, or (for a converted weakref) the old dead-referent test against Py_None. */
    private Stmts.NullTest test(IASTExpression cond) {
        Stmts.NullTest t = Stmts.nullTest(cond);
        if (t != null) return t;
        if (Ast.strip(cond) instanceof IASTBinaryExpression b && (b.getOperator() == IASTBinaryExpression.op_equals
                || b.getOperator() == IASTBinaryExpression.op_notequals)) {
            String l = Ast.identifier(b.getOperand1()), r = Ast.identifier(b.getOperand2());
            String v = "Py_None".equals(r) ? l : "Py_None".equals(l) ? r : null;
            if (v != null && weakref(v)) return new Stmts.NullTest(v, b.getOperator() == IASTBinaryExpression.op_equals);
        }
        return null;
    }

    private boolean weakref(String v) {
        return vars.contains(v) && plan.sites().stream().anyMatch(s -> s.var().equals(v) && s.api() == StrongRef.WEAKREF);
    }

    private Env returnStatement(IASTReturnStatement r, Env env) {
        IASTExpression value = r.getReturnValue();
        List<String> lines = new ArrayList<>();
        boolean temp = false;
        for (String v : vars) {
            EnumSet<S> st = env.get(v);
            if (!st.contains(S.OWNED)) continue;
            if (value != null && v.equals(Ast.identifier(value)) && !(Ast.strip(value) instanceof IASTFunctionCallExpression)) {
                if (!plan.transferReturns.contains(r)) fail(v, "`" + v + "` is returned without a reference of its own");
                continue;
            }
            if (value != null && Ast.strip(value) instanceof IASTFunctionCallExpression c && c.getArguments().length == 1
                    && v.equals(Ast.identifier(c.getArguments()[0])) && ("Py_NewRef".equals(Ast.calleeName(c)) || "Py_XNewRef".equals(Ast.calleeName(c)))) {
                if (quiet == 0) eb.replace(Ast.range(c), v);
                continue;
            }
            if (value != null && plan.mentionsAlias(value, v)) temp = true;
            String line = release(v, env);
            if (line != null) lines.add(line);
        }
        if (lines.isEmpty() || quiet > 0) return null;
        if (!temp) {
            if (!SourceText.literal(r) && !Ast.text(eb.source(), r).startsWith("Py_RETURN_")) {
                for (String v : vars) if (env.get(v).contains(S.OWNED)) fail(v, "a return inside a macro");
                return null;
            }
            for (String l : lines) eb.before(r, l);
            return null;
        }
        TextRange rr = Ast.range(r);
        String text = eb.source().text();
        if (!SourceText.literal(r) || plan.returnType == null || !(r.getParent() instanceof IASTCompoundStatement)
                || !SourceText.firstOnLine(text, rr.start())) {
            for (String v : vars) if (env.get(v).contains(S.OWNED)) fail(v, "the value returned uses `" + v + "` in a statement that cannot be split");
            return null;
        }
        String name = Plan.mentions(plan.body, "result") || plan.model.mentions("result") ? "ftm_result" : "result";
        String indent = SourceText.indentAt(text, rr.start());
        String type = plan.returnType.endsWith("*") ? plan.returnType : plan.returnType + " ";
        StringBuilder sb = new StringBuilder(type).append(name).append(" = ").append(Ast.text(eb.source(), value)).append(";\n");
        for (String l : lines) sb.append(indent).append(l).append('\n');
        sb.append(indent).append("return ").append(name).append(';');
        eb.replace(rr, sb.toString());
        return null;
    }

    /** A goto to a top-level label below it: the label releases the function-level variables, we release the rest. */
    private Env gotoStatement(IASTGotoStatement g, Env env) {
        String label = g.getName().toString();
        for (String l : gotoReleases(label, env)) if (quiet == 0) eb.before(g, l);
        gotoEnvs.computeIfAbsent(label, k -> new ArrayList<>()).add(env.copy());
        return null;
    }

    private List<String> gotoReleases(String label, Env env) {
        List<String> lines = new ArrayList<>();
        for (String v : vars) {
            if (!env.get(v).contains(S.OWNED) || labelManaged(v, label)) continue;
            String l = release(v, env);
            if (l != null) lines.add(l);
        }
        return lines;
    }

    private boolean labelManaged(String v, String label) {
        IASTLabelStatement l = plan.topLabels.get(label);
        return l != null && !labelsSeen.contains(label) && plan.vars().get(v).block() == plan.body;
    }

    private Env label(IASTLabelStatement l, Env env) {
        String name = l.getName().toString();
        boolean top = l.getParent() == plan.body && plan.topLabels.get(name) == l;
        List<Env> incoming = new ArrayList<>(gotoEnvs.getOrDefault(name, List.of()));
        if (env != null) incoming.add(env);
        labelsSeen.add(name);
        Env in = null;
        for (Env e : incoming) in = Env.join(in, e);
        if (in == null) return walk(l.getNestedStatement(), null);
        if (top) {
            for (String v : vars) {
                if (plan.vars().get(v).block() != plan.body || !in.get(v).contains(S.OWNED)) continue;
                EnumSet<S> all = in.get(v);
                if (all.contains(S.OTHER)) { fail(v, "`" + v + "` reaches the cleanup label both held and released"); continue; }
                if (all.contains(S.UNINIT)) nullInit.add(v);
                String text = eb.source().text();
                IASTStatement nested = l.getNestedStatement();
                if (SourceText.lineStart(text, Ast.range(nested).start()) == SourceText.lineStart(text, Ast.range(l).start())) {
                    fail(v, "the cleanup label shares a line with its statement");
                    continue;
                }
                if (quiet == 0) eb.before(nested, (all.equals(EnumSet.of(S.OWNED)) ? "Py_DECREF(" : "Py_XDECREF(") + v + ");");
                in = in.with(v, EnumSet.of(S.OTHER));
            }
        }
        return walk(l.getNestedStatement(), in);
    }

    private final Map<IASTStatement, Env> switchEntry = new HashMap<>();

    private Env switchStatement(IASTSwitchStatement sw, Env env) {
        uses(sw.getControllerExpression(), env);
        Frame f = new Frame(sw, sw.getBody(), false, Set.of());
        switchEntry.put(sw, env);
        frames.push(f);
        Env end = walk(sw.getBody(), env);
        frames.pop();
        Env out = Env.join(end, env);
        for (Env b : f.breaks) out = Env.join(out, b);
        return out;
    }

    private Env loop(IASTStatement stmt, IASTStatement body, Env env, boolean doWhile) {
        Set<String> reacquire = new HashSet<>();
        for (Plan.Site s : plan.sites()) if (vars.contains(s.var()) && Ast.contains(stmt, s.stmt())) reacquire.add(s.var());
        Env entry = env;
        boolean converged = false;
        quiet++;
        for (int i = 0; i < 8 && !converged; i++) {
            Frame f = new Frame(stmt, body, true, reacquire);
            frames.push(f);
            Env end = walk(body, entry);
            frames.pop();
            Env next = Env.join(env, end);
            for (Env c : f.continues) next = Env.join(next, c);
            converged = next.equals(entry);
            entry = next;
        }
        quiet--;
        if (!converged) for (String v : vars) if (Plan.mentions(stmt, v)) fail(v, "a loop's effect on `" + v + "` did not settle");
        Frame f = new Frame(stmt, body, true, reacquire);
        frames.push(f);
        Env end = walk(body, entry);
        frames.pop();
        Env out = doWhile ? end : entry;
        if (doWhile) for (Env c : f.continues) out = Env.join(out, c);
        for (Env b : f.breaks) out = Env.join(out, b);
        return out;
    }

    private Env jump(IASTStatement s, Env env, boolean isContinue) {
        Frame target = null;
        for (Frame f : frames) if (f.loop || !isContinue) { target = f; break; }
        if (target == null) return null;
        for (String v : vars) {
            if (!env.get(v).contains(S.OWNED)) continue;
            Plan.Var var = plan.vars().get(v);
            boolean leavesScope = Ast.contains(target.body, var.block()) && Ast.contains(var.block(), s);
            if (leavesScope || (isContinue && target.reacquire.contains(v))) {
                String l = release(v, env);
                if (l != null && quiet == 0) eb.before(s, l);
                env = env.with(v, EnumSet.of(S.OTHER));
            }
        }
        (isContinue ? target.continues : target.breaks).add(env.copy());
        return null;
    }

    private Env simple(IASTStatement s, Env env) {
        Plan.Site site = plan.siteAt(s);
        if (site != null && vars.contains(site.var())) return site(site, env);
        if (s instanceof IASTDeclarationStatement ds && ds.getDeclaration() instanceof IASTSimpleDeclaration sd) {
            for (IASTDeclarator d : sd.getDeclarators()) {
                String n = d.getName().toString();
                if (vars.contains(n) && plan.vars().get(n).declarator() == d) {
                    env = env.with(n, EnumSet.of(plan.vars().get(n).initNull() ? S.NULL : S.UNINIT));
                }
            }
        }
        IASTStatement consumer = plan.increfPairs.get(s);
        uses(s, env);
        if (consumer != null) {
            String v = ((IASTIdExpression) ((IASTFunctionCallExpression) ((IASTExpressionStatement) s).getExpression()).getArguments()[0]).getName().toString();
            if (vars.contains(v)) {
                EnumSet<S> st = env.get(v);
                boolean x = Plan.refOp(s, v).startsWith("Py_X");
                if (!st.contains(S.OWNED) || st.contains(S.OTHER) || st.contains(S.UNINIT) || (!x && st.contains(S.NULL))) {
                    fail(v, "`" + v + "` is increfed where this fixer cannot tell it holds a reference");
                } else if (quiet == 0) {
                    eb.add(SourceText.deleteStatement(eb.source(), Ast.range(s)));
                }
            }
        }
        String released = plan.pairedReleases.get(s);
        if (released != null && vars.contains(released) && plan.increfPairs.containsValue(s)) {
            EnumSet<S> st = env.get(released);
            EnumSet<S> after = EnumSet.of(S.OTHER);
            if (st.contains(S.NULL)) after.add(S.NULL);
            env = env.with(released, after);
        }
        return env;
    }

    private Env site(Plan.Site site, Env env) {
        String v = site.var();
        if (env.get(v).contains(S.OWNED)) fail(v, "`" + v + "` is assigned again while it may still hold a reference");
        uses(site.call(), env);
        String text = eb.source().text();
        TextRange r = Ast.range(site.stmt());
        String indent = SourceText.indentAt(text, r.start());
        String callText = Ast.text(eb.source(), site.call());
        int open = callText.indexOf('('), close = callText.lastIndexOf(')');
        if (open < 0 || close < open || !SourceText.literal(site.call())) { fail(v, "the call is written through a macro"); return env.with(v, EnumSet.of(S.OWNED, S.NULL)); }
        String args = callText.substring(open + 1, close);
        Env errEnv = env.with(v, EnumSet.of(S.NULL));
        boolean check = site.api().outParam || !followedByNullCheck(site.stmt(), v);
        StringBuilder sb = new StringBuilder();
        if (site.api().outParam) {
            if (site.declaration()) sb.append("PyObject *").append(v).append(";\n").append(indent);
            sb.append("if (").append(site.api().name).append('(').append(args).append(", &").append(v).append(") < 0) {\n");
        } else {
            sb.append(site.declaration() ? "PyObject *" : "").append(v).append(" = ").append(site.api().name).append('(').append(args).append(");");
            if (check) sb.append('\n').append(indent).append("if (").append(v).append(" == NULL) {\n");
        }
        if (check) {
            String unit = SourceText.unitAt(text, site.stmt());
            for (String l : errorExit(v, errEnv, site)) sb.append(indent).append(unit).append(l).append('\n');
            sb.append(indent).append('}');
        }
        if (quiet == 0) eb.replace(r, sb.toString());
        EnumSet<S> after = site.api() == StrongRef.SET_DEFAULT || (!site.api().outParam && check)
                ? EnumSet.of(S.OWNED) : EnumSet.of(S.OWNED, S.NULL);
        return env.with(v, after);
    }

    private List<String> errorExit(String v, Env errEnv, Plan.Site site) {
        Plan.ErrorExit exit = plan.errorExitAt(Ast.range(site.stmt()).start());
        List<String> lines = new ArrayList<>();
        if (exit == null) { fail(v, plan.fn.name() + "() has no error convention to follow (return NULL, return -1 or goto error)"); return lines; }
        if (exit.label() != null) {
            lines.addAll(gotoReleases(exit.label(), errEnv));
            gotoEnvs.computeIfAbsent(exit.label(), k -> new ArrayList<>()).add(errEnv.copy());
        } else {
            String live = plan.liveOwnedLocal(Ast.range(site.stmt()).start(), vars);
            if (live != null) fail(v, "a new error exit here would leak `" + live + "`, which already holds a reference");
            for (String u : vars) if (errEnv.get(u).contains(S.OWNED)) { String l = release(u, errEnv); if (l != null) lines.add(l); }
        }
        lines.add(exit.statement());
        return lines;
    }

    private static boolean followedByNullCheck(IASTStatement s, String v) {
        IASTStatement next = Stmts.next(s);
        if (!(next instanceof IASTIfStatement i)) return false;
        Stmts.NullTest t = Stmts.nullTest(i.getConditionExpression());
        return t != null && t.variable().equals(v);
    }

    /** The release call for v in state env, or null (with a failure) when it cannot be released safely. */
    private String release(String v, Env env) {
        EnumSet<S> st = env.get(v);
        if (!st.contains(S.OWNED)) return null;
        if (st.contains(S.OTHER)) { fail(v, "`" + v + "` may already be released on some path"); return null; }
        if (st.contains(S.UNINIT)) nullInit.add(v);
        return (st.equals(EnumSet.of(S.OWNED)) ? "Py_DECREF(" : "Py_XDECREF(") + v + ");";
    }

    /** A mention of a variable whose reference was already released is a use after release. */
    private void uses(IASTNode n, Env env) {
        if (n == null) return;
        for (String v : vars) {
            EnumSet<S> st = env.get(v);
            if (st.contains(S.OTHER) && !st.contains(S.OWNED) && plan.mentionsAlias(n, v) && plan.pairedReleases.get(n) == null
                    && plan.siteAt(n instanceof IASTStatement st2 ? st2 : null) == null) {
                fail(v, "`" + v + "` is used after its reference is released");
            }
        }
    }

    /** Old code tested a dead weakref with {@code == Py_None}; the new API leaves NULL there. */
    private void weakrefNoneTests() {
        for (String v : vars) {
            if (!weakref(v)) continue;
            plan.body.accept(new ASTVisitor() {
                { shouldVisitExpressions = true; }

                @Override
                public int visit(IASTExpression e) {
                    if (e instanceof IASTBinaryExpression b && (b.getOperator() == IASTBinaryExpression.op_equals
                            || b.getOperator() == IASTBinaryExpression.op_notequals)) {
                        IASTExpression none = "Py_None".equals(Ast.identifier(b.getOperand2())) && v.equals(Ast.identifier(b.getOperand1())) ? b.getOperand2()
                                : "Py_None".equals(Ast.identifier(b.getOperand1())) && v.equals(Ast.identifier(b.getOperand2())) ? b.getOperand1() : null;
                        if (none != null) {
                            if (!SourceText.literal(none)) fail(v, "the Py_None test is written through a macro");
                            else eb.replace(Ast.range(none), "NULL");
                        }
                    }
                    return PROCESS_CONTINUE;
                }
            });
        }
    }
}
