package dev.ftmigrate.rules.fix;

import dev.ftmigrate.analyzer.Ast;
import dev.ftmigrate.rules.fix.OwnershipEnv.State;
import org.eclipse.cdt.core.dom.ast.ASTVisitor;
import org.eclipse.cdt.core.dom.ast.IASTBinaryExpression;
import org.eclipse.cdt.core.dom.ast.IASTDeclarationStatement;
import org.eclipse.cdt.core.dom.ast.IASTDeclarator;
import org.eclipse.cdt.core.dom.ast.IASTExpression;
import org.eclipse.cdt.core.dom.ast.IASTExpressionStatement;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;
import org.eclipse.cdt.core.dom.ast.IASTIdExpression;
import org.eclipse.cdt.core.dom.ast.IASTIfStatement;
import org.eclipse.cdt.core.dom.ast.IASTNode;
import org.eclipse.cdt.core.dom.ast.IASTSimpleDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTStatement;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What one plain statement (an expression or a declaration) does to the converted variables:
 * a declaration starts one, a {@code Py_INCREF} folds into the new reference, its paired
 * {@code Py_DECREF} releases it, and any other mention after the release is a use after release.
 */
final class StatementOwnership {
    private final BorrowedLocals fn;
    private final Set<String> vars;
    private final FactLog log;

    StatementOwnership(BorrowedLocals fn, Set<String> vars, FactLog log) {
        this.fn = fn;
        this.vars = vars;
        this.log = log;
    }

    OwnershipEnv simple(IASTStatement s, OwnershipEnv env) {
        if (s instanceof IASTDeclarationStatement ds && ds.getDeclaration() instanceof IASTSimpleDeclaration sd) {
            for (IASTDeclarator d : sd.getDeclarators()) {
                String n = d.getName().toString();
                if (vars.contains(n) && fn.vars().get(n).declarator() == d) {
                    env = env.with(n, EnumSet.of(fn.vars().get(n).initNull() ? State.NULL : State.UNINIT));
                }
            }
        }
        IASTStatement consumer = fn.increfs.increfPairs.get(s);
        uses(s, env);
        if (consumer != null) {
            String v = ((IASTIdExpression) ((IASTFunctionCallExpression) ((IASTExpressionStatement) s).getExpression()).getArguments()[0]).getName().toString();
            if (vars.contains(v)) {
                EnumSet<State> st = env.get(v);
                boolean x = Stmts.refOp(s, v).startsWith("Py_X");
                if (!st.contains(State.OWNED) || st.contains(State.OTHER) || st.contains(State.UNINIT) || (!x && st.contains(State.NULL))) {
                    log.problem(v, "`" + v + "` is increfed where this fixer cannot tell it holds a reference");
                } else {
                    log.add(new OwnershipFacts.FoldedIncref(s, log.quiet()));
                }
            }
        }
        String released = fn.increfs.pairedReleases.get(s);
        if (released != null && vars.contains(released) && fn.increfs.increfPairs.containsValue(s)) {
            EnumSet<State> st = env.get(released);
            EnumSet<State> after = EnumSet.of(State.OTHER);
            if (st.contains(State.NULL)) after.add(State.NULL);
            env = env.with(released, after);
        }
        return env;
    }

    /** A mention of a variable whose reference was already released is a use after release. */
    void uses(IASTNode n, OwnershipEnv env) {
        if (n == null) return;
        for (String v : vars) {
            EnumSet<State> st = env.get(v);
            if (st.contains(State.OTHER) && !st.contains(State.OWNED) && fn.locals.mentionsAlias(n, v) && fn.increfs.pairedReleases.get(n) == null
                    && fn.siteAt(n instanceof IASTStatement st2 ? st2 : null) == null) {
                log.problem(v, "`" + v + "` is used after its reference is released");
            }
        }
    }

    /** A NULL test, or (for a converted weakref) the old dead-referent test against Py_None. */
    Stmts.NullTest test(IASTExpression cond) {
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

    /** The statement after {@code s} tests {@code v} for NULL: the new call then needs no error test of its own. */
    static boolean followedByNullCheck(IASTStatement s, String v) {
        IASTStatement next = Stmts.next(s);
        if (!(next instanceof IASTIfStatement i)) return false;
        Stmts.NullTest t = Stmts.nullTest(i.getConditionExpression());
        return t != null && t.variable().equals(v);
    }

    boolean weakref(String v) {
        return vars.contains(v) && fn.sites().stream().anyMatch(s -> s.var().equals(v) && s.api() == StrongRef.WEAKREF);
    }

    /** Old code tested a dead weakref with {@code == Py_None}; the new API leaves NULL there. */
    List<OwnershipFacts.NoneTest> noneTests() {
        List<OwnershipFacts.NoneTest> out = new ArrayList<>();
        for (String v : vars) {
            if (!weakref(v)) continue;
            fn.body.accept(new ASTVisitor() {
                { shouldVisitExpressions = true; }

                @Override
                public int visit(IASTExpression e) {
                    if (e instanceof IASTBinaryExpression b && (b.getOperator() == IASTBinaryExpression.op_equals
                            || b.getOperator() == IASTBinaryExpression.op_notequals)) {
                        IASTExpression none = "Py_None".equals(Ast.identifier(b.getOperand2())) && v.equals(Ast.identifier(b.getOperand1())) ? b.getOperand2()
                                : "Py_None".equals(Ast.identifier(b.getOperand1())) && v.equals(Ast.identifier(b.getOperand2())) ? b.getOperand1() : null;
                        if (none != null) out.add(new OwnershipFacts.NoneTest(v, none));
                    }
                    return PROCESS_CONTINUE;
                }
            });
        }
        return out;
    }
}
