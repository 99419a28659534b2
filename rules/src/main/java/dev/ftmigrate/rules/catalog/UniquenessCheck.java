package dev.ftmigrate.rules.catalog;

import dev.ftmigrate.analyzer.Ast;
import dev.ftmigrate.rules.FixSafety;
import dev.ftmigrate.rules.RuleInfo;
import dev.ftmigrate.rules.engine.BinaryRule;
import dev.ftmigrate.rules.engine.RuleContext;
import dev.ftmigrate.rules.fix.UniquenessFix;
import org.eclipse.cdt.core.dom.ast.IASTBinaryExpression;
import org.eclipse.cdt.core.dom.ast.IASTExpression;
import org.eclipse.cdt.core.dom.ast.IASTFieldReference;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;
import org.eclipse.cdt.core.dom.ast.IASTLiteralExpression;

import static org.eclipse.cdt.core.dom.ast.IASTBinaryExpression.*;

@RuleInfo(id = "FT103", name = "refcount-uniqueness-check",
        summary = "Decision on a reference count of 1 (uniqueness, in-place reuse)",
        rationale = "In the free-threaded build another thread can take a reference between the check and the "
                + "mutation, and Py_REFCNT() == 1 is no longer a reliable sign of ownership: the count is split, "
                + "and objects may be shared through the shared count while the local count is 1.",
        category = "object internals",
        example = "if (Py_REFCNT(s) == 1) { /* resize s in place */ }",
        fixedExample = "#if PY_VERSION_HEX >= 0x030E0000\nif (PyUnstable_Object_IsUniquelyReferenced(s)) {\n#else\nif (Py_REFCNT(s) == 1) {\n#endif",
        fixHint = "Use PyUnstable_Object_IsUniquelyReferenced(op) (3.14) under a version guard, or copy instead of reusing in place.",
        fixSafety = FixSafety.REVIEW, sinceCPython = "3.14")
public final class UniquenessCheck implements BinaryRule {
    @Override
    public void onBinary(IASTBinaryExpression e, RuleContext ctx) {
        int op = e.getOperator();
        IASTExpression l = Ast.strip(e.getOperand1());
        IASTExpression r = Ast.strip(e.getOperand2());
        Integer rv = intLiteral(r), lv = intLiteral(l);
        boolean hit;
        IASTExpression refcount;
        int norm;
        if (isRefcount(l) && rv != null) { norm = op; hit = uniqueTest(op, rv); refcount = l; }
        else if (isRefcount(r) && lv != null) { norm = flip(op); hit = uniqueTest(norm, lv); refcount = r; }
        else return;
        if (!hit) return;
        boolean unique = norm == op_equals || norm == op_lessEqual || norm == op_lessThan;
        ctx.report(e).subject(ctx.text(e)).fix(fx -> UniquenessFix.of(fx, e, refcount, unique))
                .message("`" + ctx.text(e) + "` decides on uniqueness from the reference count: without the GIL "
                        + "another thread can take a reference between this check and the mutation it guards; "
                        + "use PyUnstable_Object_IsUniquelyReferenced() (3.14) or avoid the in-place reuse")
                .emit();
    }

    private static boolean isRefcount(IASTExpression e) {
        if (e instanceof IASTFunctionCallExpression c) return "Py_REFCNT".equals(Ast.calleeName(c));
        return e instanceof IASTFieldReference f && f.getFieldName().toString().equals("ob_refcnt");
    }

    /** refcnt OP n tests "exactly one reference" (or its negation). */
    private static boolean uniqueTest(int op, int n) {
        return ((op == op_equals || op == op_notequals) && n == 1)
                || ((op == op_greaterThan || op == op_lessEqual) && n == 1)
                || ((op == op_lessThan || op == op_greaterEqual) && n == 2);
    }

    private static int flip(int op) {
        return switch (op) {
            case op_lessThan -> op_greaterThan;
            case op_greaterThan -> op_lessThan;
            case op_lessEqual -> op_greaterEqual;
            case op_greaterEqual -> op_lessEqual;
            default -> op;
        };
    }

    private static Integer intLiteral(IASTExpression e) {
        if (!(e instanceof IASTLiteralExpression lit) || lit.getKind() != IASTLiteralExpression.lk_integer_constant) return null;
        String s = lit.toString().replaceAll("[uUlL]+$", "");
        try {
            return Integer.decode(s);
        } catch (NumberFormatException ex) {
            return null;
        }
    }
}
