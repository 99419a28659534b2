package dev.ftmigrate.rules.catalog;

import dev.ftmigrate.rules.FixSafety;
import dev.ftmigrate.rules.Level;
import dev.ftmigrate.rules.RuleInfo;
import dev.ftmigrate.rules.engine.CallRule;
import dev.ftmigrate.rules.engine.RuleContext;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;

import java.util.Set;

@RuleInfo(id = "FT405", name = "pythread-type-lock",
        summary = "PyThread_type_lock where a PyMutex would do",
        rationale = "PyThread_type_lock is heap-allocated, can fail to allocate, and blocks without detaching the "
                + "thread state. PyMutex (3.13) is one byte, needs no allocation or error path, and parks politely; "
                + "CPython converted its own modules to it.",
        category = "shared state", level = Level.NOTE,
        example = "self->lock = PyThread_allocate_lock();\nif (self->lock == NULL) { PyErr_NoMemory(); return -1; }\nPyThread_acquire_lock(self->lock, WAIT_LOCK);",
        fixedExample = "PyMutex lock;   /* in the struct, zero-initialised */\nPyMutex_Lock(&self->lock);\n...\nPyMutex_Unlock(&self->lock);",
        fixHint = "Replace with a PyMutex field or static (3.13+; keep PyThread_type_lock under #if PY_VERSION_HEX < 0x030D0000).",
        fixSafety = FixSafety.REVIEW, sinceCPython = "3.13")
public final class ThreadTypeLock implements CallRule {
    @Override
    public Set<String> callees() { return Set.of("PyThread_allocate_lock"); }

    @Override
    public void onCall(IASTFunctionCallExpression call, String callee, RuleContext ctx) {
        ctx.report(call).subject(callee)
                .message("PyThread_allocate_lock() allocates a lock that can fail and blocks without detaching; "
                        + "use a PyMutex (3.13): zero-initialised, no allocation, no error path")
                .fix(fx -> dev.ftmigrate.rules.fix.PyMutexFix.fix(ctx.model(), call))
                .emit();
    }
}
