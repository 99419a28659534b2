package dev.ftmigrate.rules.catalog;

import dev.ftmigrate.analyzer.StaticAccess;
import dev.ftmigrate.rules.Confidence;
import dev.ftmigrate.rules.FixSafety;
import dev.ftmigrate.rules.Level;
import dev.ftmigrate.rules.RuleInfo;
import dev.ftmigrate.rules.engine.RuleContext;

@RuleInfo(id = "FT401", name = "unlocked-static-write",
        summary = "Static or global state written at run time with no lock",
        rationale = "Under the GIL only one thread ran the extension's C code at a time, so counters, caches and "
                + "flags in statics were safe. Without it, concurrent calls interleave: read-modify-writes lose "
                + "updates, and pointer swaps leak or free objects another thread still uses.",
        category = "shared state", level = Level.ERROR,
        example = "static Py_ssize_t hits;\nstatic PyObject *record(PyObject *m, PyObject *arg) {\n    hits++;\n    ...\n}",
        fixedExample = "static Py_ssize_t hits;\n#ifdef Py_GIL_DISABLED\nstatic PyMutex hits_lock;\n#endif\n...\n    FT_LOCK(hits_lock);\n    hits++;\n    FT_UNLOCK(hits_lock);",
        fixHint = "Guard every access with a file-scope PyMutex (3.13, under #ifdef Py_GIL_DISABLED), move the state into module state behind a lock, or use atomics / thread-local storage.",
        fixSafety = FixSafety.REVIEW, sinceCPython = "3.13")
public final class UnlockedStaticWrite extends StaticStateRule {
    @Override
    Shape handles() { return Shape.PLAIN; }

    @Override
    void report(RuleContext ctx, StaticAccess a, java.util.List<StaticAccess> more, Batch batch) {
        boolean rmw = a.kind() == StaticAccess.Kind.READ_MODIFY_WRITE;
        String effect = rmw ? "concurrent calls lose updates" : "concurrent calls overwrite each other and readers see torn or stale values";
        boolean same = storesSameObject(ctx, a);
        listMore(ctx.report(a.range()).subject(a.path())
                .confidence(Reachability.confidence(ctx, a.function(), rmw ? Confidence.HIGH
                        : same || batch != null ? Confidence.LOW : Confidence.MEDIUM))
                .message(a.kind().label() + " of `" + a.path() + "`, " + where(a) + ", with no lock, "
                        + Reachability.phrase(ctx, a.function()) + ": without the GIL " + effect + (same ? SAME_OBJECT_NOTE : "")
                        + (batch == null ? "" : batch.phrase())
                        + "; guard it with a PyMutex, move it to module state behind a lock, or make it atomic")
                .pathTo(a.function()), a, more)
                .fix(lockFix(ctx, a))
                .emit();
    }
}
