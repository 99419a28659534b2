package dev.ftmigrate.rules.catalog;

import dev.ftmigrate.rules.FixSafety;
import dev.ftmigrate.rules.Level;
import dev.ftmigrate.rules.RuleInfo;
import dev.ftmigrate.rules.engine.FieldRule;
import dev.ftmigrate.rules.engine.RuleContext;
import org.eclipse.cdt.core.dom.ast.IASTFieldReference;

import java.util.Set;

@RuleInfo(id = "FT101", name = "direct-refcount-access",
        summary = "Direct read or write of ob_refcnt",
        rationale = "The free-threaded build splits the reference count into a thread-local and a shared "
                + "part (ob_ref_local, ob_ref_shared): ob_refcnt does not exist there, so the code does not "
                + "compile, and a raw write would race with other threads' atomic updates.",
        category = "object internals", level = Level.ERROR,
        example = "if (op->ob_refcnt > 1) { ... }\nop->ob_refcnt = 1;",
        fixedExample = "if (Py_REFCNT(op) > 1) { ... }\nPy_SET_REFCNT(op, 1);",
        fixHint = "Read with Py_REFCNT(op); write with Py_SET_REFCNT(op, n) (3.9+); prefer Py_INCREF/Py_DECREF for +1/-1.",
        fixSafety = FixSafety.SAFE, sinceCPython = "3.9")
public final class DirectRefcountAccess implements FieldRule {
    @Override
    public Set<String> fields() { return Set.of("ob_refcnt"); }

    @Override
    public void onField(IASTFieldReference ref, String field, RuleContext ctx) {
        FieldAccessFix.report(ctx, ref, "Py_REFCNT", "Py_SET_REFCNT",
                "direct access to `ob_refcnt`: the field does not exist in the free-threaded build "
                        + "(the count is split into local and shared parts); use Py_REFCNT()/Py_SET_REFCNT()");
    }
}
