package dev.ftmigrate.rules.catalog;

import dev.ftmigrate.analyzer.Ast;
import dev.ftmigrate.rules.FixSafety;
import dev.ftmigrate.rules.RuleInfo;
import dev.ftmigrate.rules.engine.CallRule;
import dev.ftmigrate.rules.engine.RuleContext;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;

import java.util.Set;

@RuleInfo(id = "FT307", name = "sequence-fast-items",
        summary = "PySequence_Fast items used while the underlying list can change",
        rationale = "PySequence_Fast returns a list argument itself, not a copy; PySequence_Fast_ITEMS and "
                + "PySequence_Fast_GET_ITEM then read its item array, which another thread can resize or clear.",
        category = "borrowed references",
        example = "PyObject *seq = PySequence_Fast(arg, \"expected a sequence\");\nPyObject **items = PySequence_Fast_ITEMS(seq);",
        fixedExample = "PyObject *seq = PySequence_Fast(arg, \"expected a sequence\");\nPy_BEGIN_CRITICAL_SECTION_SEQUENCE_FAST(arg);\nPyObject **items = PySequence_Fast_ITEMS(seq);\n...\nPy_END_CRITICAL_SECTION_SEQUENCE_FAST();",
        fixHint = "Hold Py_BEGIN_CRITICAL_SECTION_SEQUENCE_FAST(obj) while using the items (3.13), or copy with PySequence_Tuple.",
        fixSafety = FixSafety.REVIEW, sinceCPython = "3.13")
public final class SequenceFastItems implements CallRule {
    @Override
    public Set<String> callees() { return Set.of("PySequence_Fast_ITEMS", "PySequence_Fast_GET_ITEM"); }

    @Override
    public void onCall(IASTFunctionCallExpression call, String callee, RuleContext ctx) {
        SharedContainerAccess.report(ctx, call, Ast.arg(call, 0), callee + "()",
                "PySequence_Fast returned the caller's list itself, which another thread can resize or clear while its items are used",
                "hold Py_BEGIN_CRITICAL_SECTION_SEQUENCE_FAST(obj) while using the items, or copy with PySequence_Tuple()",
                fx -> dev.ftmigrate.rules.fix.Sections.sequenceFast(fx, call));
    }
}
