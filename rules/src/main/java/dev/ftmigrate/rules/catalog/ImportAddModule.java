package dev.ftmigrate.rules.catalog;

import dev.ftmigrate.rules.FixSafety;
import dev.ftmigrate.rules.RuleInfo;
import dev.ftmigrate.rules.engine.CallRule;
import dev.ftmigrate.rules.engine.RuleContext;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;

import java.util.Set;

@RuleInfo(id = "FT304", name = "import-add-module",
        summary = "PyImport_AddModule returns a borrowed reference from sys.modules",
        rationale = "The module is borrowed from sys.modules, which any thread can modify: a concurrent "
                + "`del sys.modules[name]` frees it under the caller.",
        category = "borrowed references",
        example = "PyObject *m = PyImport_AddModule(\"__main__\");\nPyObject *d = PyModule_GetDict(m);",
        fixedExample = "PyObject *m = PyImport_AddModuleRef(\"__main__\");\nif (m == NULL) return NULL;\nPyObject *d = PyModule_GetDict(m);\n/* ... */\nPy_DECREF(m);",
        fixHint = "PyImport_AddModuleRef (3.13; compat fallback) and a Py_DECREF when done.",
        fixSafety = FixSafety.REVIEW, sinceCPython = "3.13")
public final class ImportAddModule implements CallRule {
    @Override
    public Set<String> callees() { return Set.of("PyImport_AddModule", "PyImport_AddModuleObject"); }

    @Override
    public void onCall(IASTFunctionCallExpression call, String callee, RuleContext ctx) {
        BorrowedApiCall.report(ctx, call, callee,
                "returns a module borrowed from sys.modules, which another thread can remove and free",
                "PyImport_AddModuleRef() and Py_DECREF the module when done");
    }
}
