package dev.ftmigrate.rules.catalog;

import dev.ftmigrate.rules.FixSafety;
import dev.ftmigrate.rules.RuleInfo;
import dev.ftmigrate.rules.engine.CallRule;
import dev.ftmigrate.rules.engine.RuleContext;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;

import java.util.Set;

@RuleInfo(id = "FT305", name = "dict-setdefault-borrowed",
        summary = "PyDict_SetDefault returns a borrowed reference",
        rationale = "The value returned is borrowed from the dict; another thread can overwrite or delete the key "
                + "and free it before the caller takes its own reference.",
        category = "borrowed references",
        example = "PyObject *v = PyDict_SetDefault(cache, key, dflt);\nPy_INCREF(v);",
        fixedExample = "PyObject *v;\nif (PyDict_SetDefaultRef(cache, key, dflt, &v) < 0) return NULL;\n/* v is a strong reference */",
        fixHint = "PyDict_SetDefaultRef(d, key, default, &result) (3.13; compat fallback): strong result, -1 on error.",
        fixSafety = FixSafety.REVIEW, sinceCPython = "3.13")
public final class DictSetDefault implements CallRule {
    @Override
    public Set<String> callees() { return Set.of("PyDict_SetDefault"); }

    @Override
    public void onCall(IASTFunctionCallExpression call, String callee, RuleContext ctx) {
        BorrowedApiCall.report(ctx, call, callee,
                "returns a borrowed reference that another thread can free by replacing or deleting the key",
                "PyDict_SetDefaultRef(), which gives a strong reference and reports errors");
    }
}
