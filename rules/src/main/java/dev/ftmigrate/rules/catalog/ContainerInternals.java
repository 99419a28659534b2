package dev.ftmigrate.rules.catalog;

import dev.ftmigrate.analyzer.Ast;
import dev.ftmigrate.analyzer.CFunction;
import org.eclipse.cdt.core.dom.ast.IASTCastExpression;
import org.eclipse.cdt.core.dom.ast.IASTExpression;
import org.eclipse.cdt.core.dom.ast.IASTUnaryExpression;
import dev.ftmigrate.rules.FixSafety;
import dev.ftmigrate.rules.RuleInfo;
import dev.ftmigrate.rules.engine.CallRule;
import dev.ftmigrate.rules.engine.FieldRule;
import dev.ftmigrate.rules.engine.RuleContext;
import org.eclipse.cdt.core.dom.ast.IASTFieldReference;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;

import java.util.Set;

@RuleInfo(id = "FT104", name = "direct-container-internals",
        summary = "Direct list internals (ob_item, PyList_SET_ITEM) on a list other threads can reach",
        rationale = "A list's item array is reallocated when another thread appends, inserts or clears: a pointer "
                + "into ob_item, or a PyList_SET_ITEM on a shared list, reads freed memory or loses references.",
        category = "object internals",
        example = "PyObject **items = ((PyListObject *)self->items)->ob_item;\nfor (i = 0; i < n; i++) use(items[i]);",
        fixedExample = "Py_BEGIN_CRITICAL_SECTION(self->items);\nPyObject **items = ((PyListObject *)self->items)->ob_item;\nfor (i = 0; i < n; i++) use(items[i]);\nPy_END_CRITICAL_SECTION();",
        fixHint = "Use the API (PyList_GetItemRef, PyList_SetItem) or hold Py_BEGIN_CRITICAL_SECTION(list) while using the internals.",
        fixSafety = FixSafety.REVIEW, sinceCPython = "3.13")
public final class ContainerInternals implements FieldRule, CallRule {
    @Override
    public Set<String> fields() { return Set.of("ob_item"); }

    @Override
    public Set<String> callees() { return Set.of("PyList_SET_ITEM", "_PyList_ITEMS"); }

    @Override
    public void onField(IASTFieldReference ref, String field, RuleContext ctx) {
        // Only list item arrays move under a reader (tuples are immutable; array.array has its own ob_item).
        if (!isList(ctx, ref.getFieldOwner())) return;
        SharedContainerAccess.report(ctx, ref, Ast.strip(ref.getFieldOwner()), "direct `ob_item` access",
                "another thread can resize the list and free this item array",
                "use the list API or hold Py_BEGIN_CRITICAL_SECTION(list)",
                fx -> dev.ftmigrate.rules.fix.Sections.listInternals(fx, ref, Ast.strip(ref.getFieldOwner())));
    }

    /** The owner is cast to, or declared as, a list object. */
    private static boolean isList(RuleContext ctx, IASTExpression owner) {
        IASTExpression e = owner;
        while (e instanceof IASTUnaryExpression u && u.getOperator() == IASTUnaryExpression.op_bracketedPrimary) e = u.getOperand();
        if (e instanceof IASTCastExpression c) return c.getTypeId().getRawSignature().contains("List");
        String name = Ast.identifier(e);
        CFunction fn = ctx.functionOf(owner).orElse(null);
        if (name == null || fn == null) return false;
        String type = ctx.extension().scope(fn).typeOf(name);
        return type != null && type.contains("PyListObject");
    }

    @Override
    public void onCall(IASTFunctionCallExpression call, String callee, RuleContext ctx) {
        SharedContainerAccess.report(ctx, call, Ast.arg(call, 0), callee + "()",
                "another thread can read or resize the list while the slot is overwritten, and the old item leaks",
                "use PyList_SetItem or hold Py_BEGIN_CRITICAL_SECTION(list)",
                fx -> dev.ftmigrate.rules.fix.Sections.listInternals(fx, call, Ast.arg(call, 0)));
    }
}
