package dev.ftmigrate.rules.catalog;

import dev.ftmigrate.rules.FixSafety;
import dev.ftmigrate.rules.Level;
import dev.ftmigrate.rules.RuleInfo;
import dev.ftmigrate.rules.engine.CallRule;
import dev.ftmigrate.rules.engine.RuleContext;
import dev.ftmigrate.rules.fix.ModuleGilFix;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;

import java.util.Set;

@RuleInfo(id = "FT202", name = "single-phase-without-setgil",
        summary = "Single-phase module never calls PyUnstable_Module_SetGIL",
        rationale = "Single-phase modules (PyModule_Create in PyInit_*) cannot carry a Py_mod_gil slot; unless "
                + "they call PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED), a free-threaded interpreter "
                + "re-enables the GIL when importing them.",
        category = "module declaration", level = Level.ERROR,
        example = "m = PyModule_Create(&foo_module);\nif (m == NULL) return NULL;",
        fixedExample = "m = PyModule_Create(&foo_module);\nif (m == NULL) return NULL;\n#ifdef Py_GIL_DISABLED\nPyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED);\n#endif",
        fixHint = "After a successful PyModule_Create, call PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED) under #ifdef Py_GIL_DISABLED "
                + "(safe where the scan found no high-confidence shared-state hazard in the file, review otherwise).",
        fixSafety = FixSafety.SAFE, sinceCPython = "3.13")
public final class SinglePhaseWithoutSetGil implements CallRule {
    @Override
    public Set<String> callees() { return Set.of("PyModule_Create", "PyModule_Create2"); }

    @Override
    public void onCall(IASTFunctionCallExpression call, String callee, RuleContext ctx) {
        // Raw text: a call in an inactive #ifdef Py_GIL_DISABLED branch counts.
        if (ctx.model().mentions("PyUnstable_Module_SetGIL")) return;
        ctx.report(call).subject(callee).fix(fx -> ModuleGilFix.setGil(fx, call))
                .message(callee + "() creates a single-phase module that never calls PyUnstable_Module_SetGIL: "
                        + "importing it re-enables the GIL in a free-threaded interpreter; call "
                        + "PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED) under #ifdef Py_GIL_DISABLED")
                .emit();
    }
}
