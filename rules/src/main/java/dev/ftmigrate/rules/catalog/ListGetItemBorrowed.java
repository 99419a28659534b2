package dev.ftmigrate.rules.catalog;

import dev.ftmigrate.rules.FixSafety;
import dev.ftmigrate.rules.RuleInfo;
import dev.ftmigrate.rules.engine.CallRule;
import dev.ftmigrate.rules.engine.RuleContext;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;

import java.util.Set;

@RuleInfo(id = "FT302", name = "borrowed-list-item",
        summary = "Borrowed reference from PyList_GetItem / PyList_GET_ITEM on a shared list",
        rationale = "A borrowed list item can be freed by a concurrent PyList_SetItem, slice assignment or "
                + "clear in another thread; PyList_GET_ITEM also skips the bounds check against a list that "
                + "another thread may be shrinking.",
        category = "borrowed references",
        example = "PyObject *item = PyList_GET_ITEM(self->items, i);\nreturn PyObject_Repr(item);",
        fixedExample = "PyObject *item = PyList_GetItemRef(self->items, i);\nif (item == NULL) return NULL;\nPyObject *r = PyObject_Repr(item);\nPy_DECREF(item);\nreturn r;",
        fixHint = "PyList_GetItemRef (3.13; compat fallback with Py_XNewRef), or a critical section on the list around the use.",
        fixSafety = FixSafety.REVIEW, sinceCPython = "3.13")
public final class ListGetItemBorrowed implements CallRule {
    @Override
    public Set<String> callees() { return Set.of("PyList_GetItem", "PyList_GET_ITEM"); }

    @Override
    public void onCall(IASTFunctionCallExpression call, String callee, RuleContext ctx) {
        SharedContainerCall.report(ctx, call, callee, "list", "PyList_GetItemRef()",
                "another thread can replace or remove the item and free it while it is in use");
    }
}
