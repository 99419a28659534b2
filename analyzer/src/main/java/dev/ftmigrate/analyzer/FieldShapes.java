package dev.ftmigrate.analyzer;

import org.eclipse.cdt.core.dom.ast.IASTArraySubscriptExpression;
import org.eclipse.cdt.core.dom.ast.IASTBinaryExpression;
import org.eclipse.cdt.core.dom.ast.IASTCastExpression;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;
import org.eclipse.cdt.core.dom.ast.IASTIdExpression;
import org.eclipse.cdt.core.dom.ast.IASTInitializerClause;
import org.eclipse.cdt.core.dom.ast.IASTLiteralExpression;
import org.eclipse.cdt.core.dom.ast.IASTNode;
import org.eclipse.cdt.core.dom.ast.IASTTypeIdExpression;
import org.eclipse.cdt.core.dom.ast.IASTUnaryExpression;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * How a field's value is used, which tells a flag from a size: a flag is stored as a constant or
 * has bits ORed/ANDed in, and is only tested; a size or index bounds a loop, indexes a buffer or is
 * handed to a copy or an allocation as a length. Racing on a flag loses one update; racing on a
 * size reads or writes out of bounds.
 */
public final class FieldShapes {
    private FieldShapes() {}

    /** A macro or enum constant by convention (FLAG_DONE, TRAP_INEXACT), and C's boolean names. */
    private static final Pattern CONSTANT_NAME = Pattern.compile("[A-Z][A-Z0-9_]*|true|false");
    /** Calls whose length or size arguments index memory. */
    private static final Set<String> SIZED = Set.of("memcpy", "memmove", "memset", "memcmp", "strncpy", "strncmp",
            "malloc", "calloc", "realloc", "PyMem_Malloc", "PyMem_Calloc", "PyMem_Realloc", "PyMem_RawMalloc",
            "PyMem_RawRealloc", "PyObject_Malloc", "PyObject_Realloc", "PyMem_New", "PyMem_Resize",
            "PyBytes_FromStringAndSize", "PyUnicode_FromStringAndSize", "PyUnicode_FromKindAndData",
            "PyByteArray_FromStringAndSize", "_PyBytes_Resize", "PyByteArray_Resize", "PyList_New", "PyTuple_New");

    /** A compile-time constant: a literal, a constant-named identifier, sizeof, or operators over those. */
    static boolean constant(IASTInitializerClause e) {
        IASTInitializerClause s = Ast.strip(e, false);
        if (s instanceof IASTLiteralExpression lit) return lit.getKind() != IASTLiteralExpression.lk_string_literal;
        if (s instanceof IASTIdExpression id) return CONSTANT_NAME.matcher(id.getName().toString()).matches();
        if (s instanceof IASTTypeIdExpression) return true;   // sizeof(T)
        if (s instanceof IASTCastExpression c) return constant(c.getOperand());
        if (s instanceof IASTUnaryExpression u) {
            int op = u.getOperator();
            return (op == IASTUnaryExpression.op_minus || op == IASTUnaryExpression.op_plus || op == IASTUnaryExpression.op_tilde
                    || op == IASTUnaryExpression.op_not || op == IASTUnaryExpression.op_sizeof) && constant(u.getOperand());
        }
        if (s instanceof IASTBinaryExpression b) return !assignment(b.getOperator()) && constant(b.getOperand1()) && constant(b.getOperand2());
        return false;
    }

    /** The value at {@code p} indexes a buffer, bounds a comparison, or is a length argument. */
    static boolean indexUse(IASTNode p) {
        IASTNode parent = p.getParent();
        if (parent instanceof IASTArraySubscriptExpression a) return a.getArgument() == p;
        if (parent instanceof IASTBinaryExpression b) {
            int op = b.getOperator();
            return op == IASTBinaryExpression.op_lessThan || op == IASTBinaryExpression.op_lessEqual
                    || op == IASTBinaryExpression.op_greaterThan || op == IASTBinaryExpression.op_greaterEqual;
        }
        return parent instanceof IASTFunctionCallExpression c && c.getFunctionNameExpression() != p && SIZED.contains(String.valueOf(Ast.calleeName(c)));
    }

    /**
     * The value at {@code p} is only compared with NULL: {@code p == NULL}, {@code p != 0}, {@code !p}, or
     * {@code p} itself as the condition of an if, a loop, a {@code ?:} or an operand of {@code &&}/{@code ||}.
     * A race then gives a stale answer, never a dereference of freed memory.
     */
    public static boolean nullTest(IASTNode p) {
        IASTNode parent = p.getParent();
        if (parent instanceof IASTUnaryExpression u) return u.getOperator() == IASTUnaryExpression.op_not;
        if (parent instanceof IASTBinaryExpression b) {
            int op = b.getOperator();
            if (op == IASTBinaryExpression.op_equals || op == IASTBinaryExpression.op_notequals) {
                return Ast.isNullConstant(b.getOperand1() == p ? b.getOperand2() : b.getOperand1());
            }
            return op == IASTBinaryExpression.op_logicalAnd || op == IASTBinaryExpression.op_logicalOr;
        }
        if (parent instanceof org.eclipse.cdt.core.dom.ast.IASTIfStatement s) return s.getConditionExpression() == p;
        if (parent instanceof org.eclipse.cdt.core.dom.ast.IASTWhileStatement s) return s.getCondition() == p;
        if (parent instanceof org.eclipse.cdt.core.dom.ast.IASTDoStatement s) return s.getCondition() == p;
        if (parent instanceof org.eclipse.cdt.core.dom.ast.IASTConditionalExpression c) return c.getLogicalConditionExpression() == p;
        return false;
    }

    private static boolean assignment(int op) {
        return op == IASTBinaryExpression.op_assign || Ast.compoundAssign(op);
    }
}
