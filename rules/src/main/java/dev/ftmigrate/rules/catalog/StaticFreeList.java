package dev.ftmigrate.rules.catalog;

import dev.ftmigrate.analyzer.StaticAccess;
import dev.ftmigrate.rules.Confidence;
import dev.ftmigrate.rules.FixSafety;
import dev.ftmigrate.rules.RuleInfo;
import dev.ftmigrate.rules.engine.RuleContext;

@RuleInfo(id = "FT403", name = "static-free-list",
        summary = "Free list or object pool kept in statics",
        rationale = "A free list pops and pushes through a shared array and counter: two threads can pop the same "
                + "object or lose one, which is a double use or a corrupted heap. CPython itself disables or makes "
                + "its free lists per-thread in the free-threaded build.",
        category = "shared state",
        example = "static FooObject *free_list[64];\nstatic int numfree;\n...\nif (numfree) { op = free_list[--numfree]; }",
        fixedExample = "#ifndef Py_GIL_DISABLED\nif (numfree) { op = free_list[--numfree]; }\nelse\n#endif\n    op = PyObject_New(FooObject, &FooType);",
        fixHint = "Compile the free list out under #ifdef Py_GIL_DISABLED (allocate normally), or make it thread-local.",
        fixSafety = FixSafety.REVIEW, sinceCPython = "3.13")
public final class StaticFreeList extends StaticStateRule {
    @Override
    Shape handles() { return Shape.FREE_LIST; }

    @Override
    void report(RuleContext ctx, StaticAccess a, java.util.List<StaticAccess> more, Batch batch) {
        listMore(ctx.report(a.range()).subject(a.variable().name())
                .confidence(Reachability.confidence(ctx, a.function(), Confidence.HIGH))
                .message(a.kind().label() + " of free-list state `" + a.path() + "` with no lock, " + Reachability.phrase(ctx, a.function())
                        + ": two threads can pop the same object or lose one; compile the free list out under "
                        + "#ifdef Py_GIL_DISABLED or make it thread-local")
                .pathTo(a.function()), a, more)
                .fix(freeListFix(ctx, a))
                .emit();
    }
}
