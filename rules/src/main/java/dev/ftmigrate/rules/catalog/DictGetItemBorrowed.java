package dev.ftmigrate.rules.catalog;

import dev.ftmigrate.rules.FixSafety;
import dev.ftmigrate.rules.RuleInfo;
import dev.ftmigrate.rules.engine.CallRule;
import dev.ftmigrate.rules.engine.RuleContext;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;

import java.util.Set;

@RuleInfo(id = "FT301", name = "borrowed-dict-item",
        summary = "Borrowed reference from PyDict_GetItem* on a dict other threads can reach",
        rationale = "PyDict_GetItem, PyDict_GetItemWithError and PyDict_GetItemString return a borrowed "
                + "reference: without the GIL another thread can replace or delete the key and free the value "
                + "while it is still in use (use-after-free). PyDict_GetItem also swallows errors.",
        category = "borrowed references",
        example = "PyObject *v = PyDict_GetItem(registry, key);\nif (v == NULL) return NULL;\nreturn use(v);",
        fixedExample = "PyObject *v;\nif (PyDict_GetItemRef(registry, key, &v) <= 0) return NULL;  /* -1 error, 0 missing */\nPyObject *r = use(v);\nPy_DECREF(v);\nreturn r;",
        fixHint = "PyDict_GetItemRef / PyDict_GetItemStringRef (3.13; compat fallback from PyDict_GetItemWithError + Py_XINCREF), with the -1 error path and a Py_DECREF on every exit.",
        fixSafety = FixSafety.REVIEW, sinceCPython = "3.13")
public final class DictGetItemBorrowed implements CallRule {
    @Override
    public Set<String> callees() {
        return Set.of("PyDict_GetItem", "PyDict_GetItemWithError", "PyDict_GetItemString", "_PyDict_GetItemStringWithError");
    }

    @Override
    public void onCall(IASTFunctionCallExpression call, String callee, RuleContext ctx) {
        String repl = callee.contains("String") ? "PyDict_GetItemStringRef()" : "PyDict_GetItemRef()";
        SharedContainerCall.report(ctx, call, callee, "dict", repl,
                "the borrowed value can be freed by another thread that replaces or deletes the key");
    }
}
