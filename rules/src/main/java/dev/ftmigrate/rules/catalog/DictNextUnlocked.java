package dev.ftmigrate.rules.catalog;

import dev.ftmigrate.analyzer.Ast;
import dev.ftmigrate.rules.FixSafety;
import dev.ftmigrate.rules.RuleInfo;
import dev.ftmigrate.rules.engine.CallRule;
import dev.ftmigrate.rules.engine.RuleContext;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;

import java.util.Set;

@RuleInfo(id = "FT306", name = "dict-next-unlocked",
        summary = "PyDict_Next over a shared dict with no critical section",
        rationale = "PyDict_Next hands out borrowed keys and values and walks the dict's internal table; a "
                + "concurrent insert or delete in another thread resizes the table under the loop.",
        category = "borrowed references",
        example = "while (PyDict_Next(self->attrs, &pos, &key, &value)) {\n    ...\n}",
        fixedExample = "Py_BEGIN_CRITICAL_SECTION(self->attrs);\nwhile (PyDict_Next(self->attrs, &pos, &key, &value)) {\n    ...\n}\nPy_END_CRITICAL_SECTION();",
        fixHint = "Wrap the loop in Py_BEGIN_CRITICAL_SECTION(dict) / Py_END_CRITICAL_SECTION() (3.13; plain braces before), or iterate over a PyDict_Copy."
                + " No jump may leave the section: a goto out of the loop becomes `err = 1; break;`, with `if (err) goto ...;` after the end.",
        fixSafety = FixSafety.REVIEW, sinceCPython = "3.13")
public final class DictNextUnlocked implements CallRule {
    @Override
    public Set<String> callees() { return Set.of("PyDict_Next"); }

    @Override
    public void onCall(IASTFunctionCallExpression call, String callee, RuleContext ctx) {
        SharedContainerAccess.report(ctx, call, Ast.arg(call, 0), "PyDict_Next() iteration",
                "another thread's insert or delete can resize the table under the loop and free the borrowed keys and values",
                "wrap the loop in Py_BEGIN_CRITICAL_SECTION(dict) / Py_END_CRITICAL_SECTION(), or iterate over a PyDict_Copy()",
                fx -> dev.ftmigrate.rules.fix.Sections.dictLoop(fx, call));
    }
}
