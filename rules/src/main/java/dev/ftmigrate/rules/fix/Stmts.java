package dev.ftmigrate.rules.fix;

import dev.ftmigrate.analyzer.Ast;
import org.eclipse.cdt.core.dom.ast.ASTVisitor;
import org.eclipse.cdt.core.dom.ast.IASTBinaryExpression;
import org.eclipse.cdt.core.dom.ast.IASTCompoundStatement;
import org.eclipse.cdt.core.dom.ast.IASTDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTExpression;
import org.eclipse.cdt.core.dom.ast.IASTExpressionStatement;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;
import org.eclipse.cdt.core.dom.ast.IASTGotoStatement;
import org.eclipse.cdt.core.dom.ast.IASTIdExpression;
import org.eclipse.cdt.core.dom.ast.IASTLiteralExpression;
import org.eclipse.cdt.core.dom.ast.IASTNode;
import org.eclipse.cdt.core.dom.ast.IASTProblem;
import org.eclipse.cdt.core.dom.ast.IASTProblemHolder;
import org.eclipse.cdt.core.dom.ast.IASTReturnStatement;
import org.eclipse.cdt.core.dom.ast.IASTStatement;
import org.eclipse.cdt.core.dom.ast.IASTUnaryExpression;

import java.util.Set;

/** Statement-level helpers: the statement containing a node, its neighbours, null tests, exits, mentions. */
public final class Stmts {
    private Stmts() {}

    /** The innermost statement containing the node (the node itself when it is one). */
    public static IASTStatement containing(IASTNode node) {
        for (IASTNode n = node; n != null; n = n.getParent()) if (n instanceof IASTStatement s) return s;
        return null;
    }

    /** The statement after {@code s} in its compound statement, or null. */
    public static IASTStatement next(IASTStatement s) {
        if (!(s.getParent() instanceof IASTCompoundStatement c)) return null;
        IASTStatement[] all = c.getStatements();
        for (int i = 0; i + 1 < all.length; i++) if (all[i] == s) return all[i + 1];
        return null;
    }

    /** The statement before {@code s} in its compound statement, or null. */
    public static IASTStatement previous(IASTStatement s) {
        if (!(s.getParent() instanceof IASTCompoundStatement c)) return null;
        IASTStatement[] all = c.getStatements();
        for (int i = 1; i < all.length; i++) if (all[i] == s) return all[i - 1];
        return null;
    }

    /** A test of one variable against NULL: {@code v == NULL}, {@code !v}, {@code v != NULL}, {@code v}. */
    public record NullTest(String variable, boolean isNull) {}

    public static NullTest nullTest(IASTExpression cond) {
        IASTExpression e = Ast.strip(cond);
        if (e instanceof IASTIdExpression id) return new NullTest(id.getName().toString(), false);
        if (e instanceof IASTUnaryExpression u && u.getOperator() == IASTUnaryExpression.op_not) {
            NullTest inner = nullTest(u.getOperand());
            return inner == null ? null : new NullTest(inner.variable(), !inner.isNull());
        }
        if (e instanceof IASTBinaryExpression b && (b.getOperator() == IASTBinaryExpression.op_equals
                || b.getOperator() == IASTBinaryExpression.op_notequals)) {
            boolean eq = b.getOperator() == IASTBinaryExpression.op_equals;
            String l = Ast.identifier(Ast.strip(b.getOperand1())), r = Ast.identifier(Ast.strip(b.getOperand2()));
            if (l != null && isNull(b.getOperand2())) return new NullTest(l, eq);
            if (r != null && isNull(b.getOperand1())) return new NullTest(r, eq);
        }
        return null;
    }

    public static boolean isNull(IASTExpression e) {
        return Ast.isNullConstant(e);
    }

    /** True when control never falls off the end of {@code s} (a return or goto, or a block ending in one). */
    public static boolean alwaysExits(IASTStatement s) {
        if (s instanceof IASTReturnStatement || s instanceof IASTGotoStatement) return true;
        if (s instanceof IASTCompoundStatement c) {
            IASTStatement[] all = c.getStatements();
            return all.length > 0 && alwaysExits(all[all.length - 1]);
        }
        return false;
    }

    /** True when an identifier {@code v} occurs anywhere in {@code n}. */
    public static boolean mentions(IASTNode n, String v) {
        boolean[] hit = {false};
        n.accept(new ASTVisitor() {
            { shouldVisitExpressions = true; }

            @Override
            public int visit(IASTExpression e) {
                if (e instanceof IASTIdExpression id && id.getName().toString().equals(v)) hit[0] = true;
                return hit[0] ? PROCESS_ABORT : PROCESS_CONTINUE;
            }
        });
        return hit[0];
    }

    /** The assignment operators that store into their left operand. */
    public static boolean isAssign(int op) {
        return op == IASTBinaryExpression.op_assign || op == IASTBinaryExpression.op_plusAssign || op == IASTBinaryExpression.op_minusAssign;
    }

    /** "Py_INCREF" etc. when the statement is exactly {@code Py_INCREF(v);}. */
    public static String refOp(IASTStatement s, String v) {
        if (!(s instanceof IASTExpressionStatement es) || !(es.getExpression() instanceof IASTFunctionCallExpression c)) return null;
        String callee = Ast.calleeName(c);
        if (callee == null || c.getArguments().length != 1 || !v.equals(Ast.identifier(c.getArguments()[0]))) return null;
        return Set.of("Py_INCREF", "Py_XINCREF", "Py_DECREF", "Py_XDECREF").contains(callee) ? callee : null;
    }

    /** True when the parser could not read part of {@code n}: a fix must not guess there. */
    public static boolean hasProblems(IASTNode n) {
        boolean[] hit = {false};
        n.accept(new ASTVisitor() {
            { shouldVisitStatements = true; shouldVisitExpressions = true; shouldVisitDeclarations = true; shouldVisitProblems = true; }

            @Override
            public int visit(IASTProblem p) { hit[0] = true; return PROCESS_ABORT; }

            @Override
            public int visit(IASTStatement s) { if (s instanceof IASTProblemHolder) hit[0] = true; return PROCESS_CONTINUE; }

            @Override
            public int visit(IASTDeclaration d) { if (d instanceof IASTProblemHolder) hit[0] = true; return PROCESS_CONTINUE; }
        });
        return hit[0];
    }
}
