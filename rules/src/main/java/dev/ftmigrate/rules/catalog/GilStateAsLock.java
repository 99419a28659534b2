package dev.ftmigrate.rules.catalog;

import dev.ftmigrate.analyzer.Ast;
import dev.ftmigrate.analyzer.CFunction;
import dev.ftmigrate.analyzer.Locks;
import dev.ftmigrate.analyzer.StaticAccess;
import dev.ftmigrate.rules.FixSafety;
import dev.ftmigrate.rules.Level;
import dev.ftmigrate.rules.RuleInfo;
import dev.ftmigrate.rules.engine.CallRule;
import dev.ftmigrate.rules.engine.RuleContext;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;

import java.util.Set;
import java.util.TreeSet;

@RuleInfo(id = "FT406", name = "gil-used-as-lock",
        summary = "PyGILState_Ensure used to guard C state",
        rationale = "PyGILState_Ensure attaches a thread state; in the free-threaded build it no longer excludes "
                + "other threads, so C state written between Ensure and Release is unprotected.",
        category = "shared state", level = Level.ERROR,
        example = "PyGILState_STATE g = PyGILState_Ensure();\npending_count++;\nPyGILState_Release(g);",
        fixedExample = "PyGILState_STATE g = PyGILState_Ensure();\nPyMutex_Lock(&pending_lock);\npending_count++;\nPyMutex_Unlock(&pending_lock);\nPyGILState_Release(g);",
        fixHint = "Keep PyGILState_Ensure for calling into Python, and protect the C state with a real lock (PyMutex).",
        fixSafety = FixSafety.ADVICE, sinceCPython = "3.13")
public final class GilStateAsLock implements CallRule {
    @Override
    public Set<String> callees() { return Set.of("PyGILState_Ensure"); }

    @Override
    public void onCall(IASTFunctionCallExpression call, String callee, RuleContext ctx) {
        CFunction fn = ctx.functionOf(call).orElse(null);
        if (fn == null) return;
        int from = Ast.range(call).start();
        int to = Locks.gilStateEnd(ctx.extension().scope(fn), from);
        Set<String> written = new TreeSet<>();
        StaticAccess first = null;
        for (StaticAccess a : ctx.extension().staticAccesses(fn)) {
            int at = a.range().start();
            if (a.writes() && at > from && at < to && !ctx.extension().locked(fn, at)) {
                written.add("`" + a.path() + "`");
                if (first == null) first = a;
            }
        }
        if (written.isEmpty()) return;
        ctx.report(call).subject(String.join(", ", written))
                .message("PyGILState_Ensure() in " + fn.name() + "() guards writes to " + String.join(", ", written)
                        + ": in the free-threaded build it no longer excludes other threads; protect that state with a PyMutex")
                .evidence(first.range(), "written here while only the thread state is held")
                .emit();
    }
}
