package dev.ftmigrate.rules.catalog;

import dev.ftmigrate.rules.FixSafety;
import dev.ftmigrate.rules.RuleInfo;
import dev.ftmigrate.rules.engine.CallRule;
import dev.ftmigrate.rules.engine.RuleContext;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;

import java.util.Set;

@RuleInfo(id = "FT303", name = "weakref-get-object",
        summary = "PyWeakref_GetObject / PyWeakref_GET_OBJECT return a borrowed reference",
        rationale = "The referent of a weak reference can die in another thread at any moment; a borrowed "
                + "pointer to it is a use-after-free waiting to happen. Both APIs are deprecated since 3.13.",
        category = "borrowed references",
        example = "PyObject *obj = PyWeakref_GET_OBJECT(ref);\nif (obj == Py_None) return 0;\nreturn notify(obj);",
        fixedExample = "PyObject *obj;\nif (PyWeakref_GetRef(ref, &obj) < 0) return -1;\nif (obj == NULL) return 0;\nint r = notify(obj);\nPy_DECREF(obj);\nreturn r;",
        fixHint = "PyWeakref_GetRef(ref, &obj) (3.13; compat fallback): 1 with a strong reference, 0 if dead, -1 on error.",
        fixSafety = FixSafety.REVIEW, sinceCPython = "3.13")
public final class WeakrefGetObject implements CallRule {
    @Override
    public Set<String> callees() { return Set.of("PyWeakref_GetObject", "PyWeakref_GET_OBJECT"); }

    @Override
    public void onCall(IASTFunctionCallExpression call, String callee, RuleContext ctx) {
        BorrowedApiCall.report(ctx, call, callee,
                "returns a borrowed reference to an object another thread can free at any moment",
                "PyWeakref_GetRef(), which returns a strong reference (1), 0 when the referent is dead, -1 on error");
    }
}
