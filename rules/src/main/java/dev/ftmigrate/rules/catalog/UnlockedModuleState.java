package dev.ftmigrate.rules.catalog;

import dev.ftmigrate.analyzer.CFunction;
import dev.ftmigrate.analyzer.ExtensionModel;
import dev.ftmigrate.analyzer.FieldEffect;
import dev.ftmigrate.analyzer.FieldModel;
import dev.ftmigrate.analyzer.FieldSite;
import dev.ftmigrate.analyzer.FieldSummaries;
import dev.ftmigrate.rules.Confidence;
import dev.ftmigrate.rules.FixSafety;
import dev.ftmigrate.rules.RuleInfo;
import dev.ftmigrate.rules.engine.FileRule;
import dev.ftmigrate.rules.engine.RuleContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

@RuleInfo(id = "FT408", name = "unlocked-module-state",
        summary = "Module state written at run time, or read while a Python-callable function writes it, with no lock",
        rationale = "A module's state struct is one per module: every thread using the module shares it, exactly like a "
                + "static. A setter such as `setdefaulttimeout()` that stores into it races with every function reading "
                + "it, and a pointer swapped there can be freed under a reader.",
        category = "shared state",
        example = "static PyObject *set_limit(PyObject *m, PyObject *arg) {\n    mod_state *st = get_state(m);\n    st->limit = PyLong_AsLong(arg);\n    ...\n}",
        fixedExample = "    _Py_atomic_store_ssize_relaxed(&st->limit, PyLong_AsSsize_t(arg));   /* and atomic loads in the readers */",
        fixHint = "Use atomics for scalars (_Py_atomic_load/store_*_relaxed), a PyMutex in the state for pointers, or set the value once at module exec.",
        fixSafety = FixSafety.ADVICE, sinceCPython = "3.13")
public final class UnlockedModuleState implements FileRule {
    /** Reads the whole-extension field model (writers in other functions and files). */
    @Override
    public boolean fieldModel() { return true; }

    @Override
    public void onFile(RuleContext ctx) {
        FieldModel fields = ctx.extension().fields();
        for (CFunction fn : ctx.model().functions()) {
            if (ctx.extension().reach(fn) == ExtensionModel.Reach.INIT_ONLY || ctx.extension().alwaysCalledLocked(fn)) continue;
            Map<String, List<FieldSite>> direct = new LinkedHashMap<>();
            for (FieldSite s : fields.sitesOf(fn)) {
                if (s.param() == FieldSummaries.SHARED && s.via().isEmpty()) direct.computeIfAbsent(s.key(), k -> new ArrayList<>()).add(s);
            }
            List<FieldRaces.Conflict> found = new ArrayList<>();
            for (Map.Entry<String, List<FieldSite>> e : direct.entrySet()) {
                FieldSite mine = FieldRaces.strongest(e.getValue());
                Optional<FieldRaces.Writer> strongest = strongestWriter(fields, e.getKey());
                if (strongest.isEmpty()) continue;   // only written at module initialisation: frozen afterwards
                FieldSite writer = strongest.get().site();
                FieldModel.Body writerBody = strongest.get().body();
                Confidence c = mine.effect().writes()
                        ? (mine.effect() == FieldEffect.RMW || mine.effect() == FieldEffect.FREE || mine.effect() == FieldEffect.RESIZE ? Confidence.HIGH : Confidence.MEDIUM)
                        : writer.effect().destroys() ? Confidence.MEDIUM : Confidence.LOW;
                boolean flag = fields.flagOnly(e.getKey());
                found.add(new FieldRaces.Conflict(mine, writer, writerBody, flag ? Confidence.LOW : c, flag));
            }
            if (found.isEmpty()) continue;
            found.sort(FieldRaces.ranking());
            FieldRaces.Conflict top = found.get(0);
            FieldSite use = top.use();
            List<String> also = found.stream().skip(1).map(c -> "`" + c.use().field() + "`").distinct().limit(4).toList();
            boolean writes = use.effect().writes();
            RuleContext.Report r = ctx.report(use.range()).subject(use.type() + "." + use.field())
                    .confidence(Reachability.confidence(ctx, fn, top.confidence()))
                    .message(fn.name() + "() " + FieldRaces.verb(use.effect()) + " `" + use.field() + "` of module state " + use.type()
                            + " with no lock, " + Reachability.phrase(ctx, fn)
                            + (writes ? ": module state is shared by every thread, so concurrent calls overwrite each other and readers see torn values"
                                      : " while " + FieldRaces.writtenBy(top.writer()) + " at run time: the read can see a torn or freed value")
                            + (also.isEmpty() ? "" : "; also: " + String.join(", ", also))
                            + (top.flag() ? "; " + FieldRaces.flagAdvice(use.field())
                                : "; use atomics for scalars or a PyMutex in the state, or set it once at module exec"))
                    .pathTo(fn);
            if (!writes) FieldRaces.evidence(ctx, r, top.writer());
            r.emit();
        }
    }

    private record StrongestKey(String key) {}

    /** The field's strongest writer (the first in model order among equals): the same for every reader, so once per scan. */
    private static Optional<FieldRaces.Writer> strongestWriter(FieldModel fields, String key) {
        return fields.derived(new StrongestKey(key),
                () -> Optional.ofNullable(FieldRaces.firstStrongest(FieldRaces.writers(fields, key, true, (w, ws) -> false), null)));
    }
}
