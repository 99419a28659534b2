package dev.ftmigrate.rules.catalog;

import dev.ftmigrate.analyzer.StaticAccess;
import dev.ftmigrate.rules.Confidence;
import dev.ftmigrate.rules.FixSafety;
import dev.ftmigrate.rules.RuleInfo;
import dev.ftmigrate.rules.engine.RuleContext;

@RuleInfo(id = "FT402", name = "lazy-static-init",
        summary = "Lazy one-time initialisation of a static (`if (!cache) cache = ...`)",
        rationale = "Two threads can both see the static empty and both create the object: one result leaks or, "
                + "worse, one thread replaces (and frees) what the other is already using.",
        category = "shared state",
        example = "static PyObject *str_name;\nif (str_name == NULL) {\n    str_name = PyUnicode_InternFromString(\"name\");\n}",
        fixedExample = "/* in the module's exec function */\nstate->str_name = PyUnicode_InternFromString(\"name\");\nif (state->str_name == NULL) return -1;",
        fixHint = "Initialise at module exec (module state), or guard the check-and-set with a PyMutex, or publish with an atomic compare-and-swap.",
        fixSafety = FixSafety.REVIEW, sinceCPython = "3.13")
public final class LazyStaticInit extends StaticStateRule {
    @Override
    Shape handles() { return Shape.LAZY_INIT; }

    @Override
    void report(RuleContext ctx, StaticAccess a, java.util.List<StaticAccess> more, Batch batch) {
        boolean same = storesSameObject(ctx, a);
        listMore(ctx.report(a.range()).subject(a.path())
                .confidence(Reachability.confidence(ctx, a.function(), same ? Confidence.LOW : Confidence.HIGH))
                .message("lazy initialisation of `" + a.path() + "`, " + where(a) + ", " + Reachability.phrase(ctx, a.function())
                        + (same ? SAME_OBJECT_NOTE + "; "
                        : ": two threads can both see it unset and both create it, leaking one or freeing what the other uses; ")
                        + "initialise it at module exec, or do the check-and-set under a PyMutex or with an atomic compare-and-swap")
                .pathTo(a.function()), a, more)
                .fix(lockFix(ctx, a))
                .emit();
    }
}
