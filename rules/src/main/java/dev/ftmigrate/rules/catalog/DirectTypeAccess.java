package dev.ftmigrate.rules.catalog;

import dev.ftmigrate.rules.FixSafety;
import dev.ftmigrate.rules.Level;
import dev.ftmigrate.rules.RuleInfo;
import dev.ftmigrate.rules.engine.FieldRule;
import dev.ftmigrate.rules.engine.RuleContext;
import org.eclipse.cdt.core.dom.ast.IASTFieldReference;

import java.util.Set;

@RuleInfo(id = "FT102", name = "direct-type-access",
        summary = "Direct read or write of ob_type",
        rationale = "Py_TYPE and Py_SET_TYPE are the supported accessors; a raw store to ob_type races with "
                + "readers in other threads, and the object layout is not guaranteed across builds "
                + "(limited API, free-threaded ABI).",
        category = "object internals", level = Level.WARNING,
        example = "if (op->ob_type == &FooType) { ... }\nop->ob_type = &BarType;",
        fixedExample = "if (Py_TYPE(op) == &FooType) { ... }\nPy_SET_TYPE(op, &BarType);",
        fixHint = "Read with Py_TYPE(op) (or Py_IS_TYPE(op, tp)); write with Py_SET_TYPE(op, tp) (3.9+).",
        fixSafety = FixSafety.SAFE, sinceCPython = "3.9")
public final class DirectTypeAccess implements FieldRule {
    @Override
    public Set<String> fields() { return Set.of("ob_type"); }

    @Override
    public void onField(IASTFieldReference ref, String field, RuleContext ctx) {
        FieldAccessFix.report(ctx, ref, "Py_TYPE", "Py_SET_TYPE",
                "direct access to `ob_type`: use Py_TYPE()/Py_SET_TYPE(), which the free-threaded build "
                        + "implements with the right memory ordering");
    }
}
