package dev.ftmigrate.rules.fix;

import dev.ftmigrate.analyzer.Ast;
import org.eclipse.cdt.core.dom.ast.IASTBinaryExpression;
import org.eclipse.cdt.core.dom.ast.IASTCompoundStatement;
import org.eclipse.cdt.core.dom.ast.IASTExpression;
import org.eclipse.cdt.core.dom.ast.IASTGotoStatement;
import org.eclipse.cdt.core.dom.ast.IASTIdExpression;
import org.eclipse.cdt.core.dom.ast.IASTLiteralExpression;
import org.eclipse.cdt.core.dom.ast.IASTNode;
import org.eclipse.cdt.core.dom.ast.IASTReturnStatement;
import org.eclipse.cdt.core.dom.ast.IASTStatement;
import org.eclipse.cdt.core.dom.ast.IASTUnaryExpression;

/** Statement-level helpers: the statement containing a node, its neighbours, null tests, exits. */
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
}
