package dev.ftmigrate.rules.catalog;

import dev.ftmigrate.analyzer.CFunction;
import dev.ftmigrate.analyzer.FieldEffect;
import dev.ftmigrate.analyzer.FieldModel;
import dev.ftmigrate.analyzer.FieldSite;
import dev.ftmigrate.analyzer.FieldSummaries;
import dev.ftmigrate.analyzer.StructTypes;
import dev.ftmigrate.rules.Confidence;
import dev.ftmigrate.rules.FixSafety;
import dev.ftmigrate.rules.RuleInfo;
import dev.ftmigrate.rules.engine.FileRule;
import dev.ftmigrate.rules.engine.RuleContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@RuleInfo(id = "FT407", name = "field-raced-across-methods",
        summary = "A method or slot uses an object's field while another entry point writes, replaces, reallocates or frees it, with no critical section",
        rationale = "Without the GIL two methods of one object run at once. A method that walks `self->data` while "
                + "`append()` reallocates it reads freed memory; a getter that returns `self->target` while the setter "
                + "swaps it with Py_XSETREF hands out an object that is being released. The writer is often a helper "
                + "called by the other method, which is why this finding names the path.",
        category = "shared state",
        example = "static PyObject *Buf_sum(BufObject *self, PyObject *unused) {\n    for (Py_ssize_t i = 0; i < self->n; i++) total += self->data[i];\n    ...\n}\n"
                + "static int grow(BufObject *b) { b->data = PyMem_Realloc(b->data, ...); ... }",
        fixedExample = "static PyObject *Buf_sum(BufObject *self, PyObject *unused) {\n    Py_BEGIN_CRITICAL_SECTION(self);\n"
                + "    for (Py_ssize_t i = 0; i < self->n; i++) total += self->data[i];\n    Py_END_CRITICAL_SECTION();\n    ...\n}",
        fixHint = "Hold Py_BEGIN_CRITICAL_SECTION(self) in this method and in the writer (Argument Clinic: `@critical_section`), "
                + "so neither runs while the other is half done.",
        fixSafety = FixSafety.ADVICE, sinceCPython = "3.13")
public final class UnlockedFieldRace implements FileRule {
    /** Reads the whole-extension field model (writers in other functions and files). */
    @Override
    public boolean fieldModel() { return true; }

    @Override
    public void onFile(RuleContext ctx) {
        FieldModel fields = ctx.extension().fields();
        StructTypes types = fields.types();
        for (FieldModel.Body b : fields.bodiesIn(ctx.model().source().relPath())) {
            CFunction fn = FieldRaces.definedHere(ctx, b.function());
            if (fn == null) continue;
            Map<String, List<FieldSite>> mine = new LinkedHashMap<>();
            for (FieldSite s : b.sites()) {
                if (s.param() != FieldSummaries.SHARED && types.isObject(s.type())) mine.computeIfAbsent(s.key(), k -> new ArrayList<>()).add(s);
            }
            List<FieldRaces.Conflict> conflicts = new ArrayList<>();
            for (Map.Entry<String, List<FieldSite>> e : mine.entrySet()) {
                FieldRaces.Conflict c = conflict(fields, b, e.getKey(), e.getValue());
                if (c != null && !coveredBySelfFieldRule(ctx, b, e.getValue())) conflicts.add(c);
            }
            if (conflicts.isEmpty()) continue;
            conflicts.sort(FieldRaces.ranking());
            FieldRaces.Conflict top = conflicts.get(0);
            FieldSite use = top.use();
            String owner = use.param() < b.function().params().size() ? b.function().params().get(use.param()) : "self";
            // A module-level function's first parameter is the module: the object is the one it looks up, named by type.
            boolean module = use.param() == 0 && FieldRaces.moduleFunction(ctx, b, fn);
            String what = module ? "`" + use.field() + "` of the " + use.type() + " it works on (`" + owner
                    + "` is the module object when it is called as a module-level function)" : "`" + owner + "->" + use.field() + "`";
            String on = module ? use.type() : "object";
            String lock = module ? "a critical section on that " + use.type() : "Py_BEGIN_CRITICAL_SECTION(" + owner + ")";
            String head = b.function().name() + "() " + FieldRaces.verb(use.effect()) + " " + what
                    + (use.via().isEmpty() ? "" : " (via " + String.join("() → ", use.via()) + "())");
            RuleContext.Report r;
            if (top.flag()) {
                // A flag race: lower level, an atomic rather than a lock (see FieldModel.flagOnly).
                r = ctx.report(use.range()).subject(owner + "->" + use.field())
                        .confidence(Reachability.confidence(ctx, fn, Confidence.LOW))
                        .message(head + " with no synchronisation while " + FieldRaces.writtenBy(top.writer()) + "; "
                                + FieldRaces.flagAdvice(module ? use.field() : owner + "->" + use.field()))
                        .pathTo(fn);
            } else {
                List<String> also = conflicts.stream().skip(1).map(c -> "`" + c.use().field() + "`").distinct().limit(4).toList();
                boolean self = top.writerBody().function().equals(b.function());
                r = ctx.report(use.range()).subject(owner + "->" + use.field())
                        .confidence(Reachability.confidence(ctx, fn, top.confidence()))
                        .message(head + " with no critical section while " + FieldRaces.writtenBy(top.writer())
                                + (self ? " in another call of the same method" : "")
                                + ": without the GIL both run at once on one " + on
                                + (fields.nullTestsOnly(mine.get(use.key())) ? ", so this can act on a stale answer (it only tests the pointer"
                                        + " for NULL, never uses it)"
                                    : top.writer().effect() == FieldEffect.READ ? ", so the getter can return the reference this call releases"
                                    : top.writer().effect().destroys() ? ", so this can use memory that is being freed"
                                    : use.effect().writes() ? ", so updates are lost" : ", so this reads torn or stale values")
                                + (also.isEmpty() ? "" : "; also raced here: " + String.join(", ", also))
                                + "; hold " + lock + " here and in the writer")
                        .pathTo(fn);
            }
            FieldRaces.evidence(ctx, r, top.writer());
            r.emit();
        }
    }

    /**
     * tp_init, or a method that overwrites a reference without ever reading (releasing) the old one:
     * it assumes a fresh object (it would leak on a live one), so it is initialisation, not a run-time writer.
     */
    private static boolean initLike(FieldModel.Body w, String key, FieldSite strongest) {
        if (w.init()) return true;
        return strongest.effect() == FieldEffect.REPLACE
                && w.sites().stream().noneMatch(s -> FieldModel.related(s.key(), key) && s.effect() == FieldEffect.READ);
    }

    /** FT404 already reports a read-modify-write of a field done directly in the entry function itself. */
    private static boolean coveredBySelfFieldRule(RuleContext ctx, FieldModel.Body b, List<FieldSite> uses0) {
        if (!b.entry().function().equals(b.function().name()) || b.function().params().isEmpty()) return false;
        // FT404 matches `self->field` written with the first parameter's own name, not a cast alias of it.
        String self = b.function().params().get(0) + "->";
        String text = ctx.source().text();
        List<FieldSite> uses = uses0.stream().filter(s -> s.range().end() <= text.length()
                && text.substring(s.range().start(), s.range().end()).replaceAll("\\s+", "").contains(self + s.field())).toList();
        boolean direct = uses.stream().anyMatch(s -> s.via().isEmpty() && s.param() == 0);
        // A flag store is a write; a flag ORed or ANDed in (`|=`, `&=`) is a read-modify-write to FT404.
        boolean rmw = uses.stream().anyMatch(s -> s.via().isEmpty() && s.param() == 0 && (s.effect() == FieldEffect.RMW
                || (s.effect() == FieldEffect.FLAG && compoundAt(text, s.range().end()))));
        boolean write = uses.stream().anyMatch(s -> s.via().isEmpty() && s.param() == 0 && (s.effect() == FieldEffect.WRITE
                || s.effect() == FieldEffect.REPLACE || s.effect() == FieldEffect.FLAG));
        boolean read = uses.stream().anyMatch(s -> s.via().isEmpty() && s.param() == 0 && s.effect() == FieldEffect.READ);
        return direct && (rmw || (write && read));
    }

    /** `|=` or `&=` follows the offset (spaces skipped). */
    private static boolean compoundAt(String text, int at) {
        int i = at;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) i++;
        return text.startsWith("|=", i) || text.startsWith("&=", i);
    }

    /** The strongest write of the field by another body (or by this one, when it also reads it), ranked. */
    private static FieldRaces.Conflict conflict(FieldModel fields, FieldModel.Body b, String key, List<FieldSite> uses) {
        FieldSite use = uses.stream().min(java.util.Comparator.comparing(s -> s.range().start())).orElseThrow();
        FieldSite myStrongest = FieldRaces.strongest(uses);
        if (!b.init() && initLike(b, key, myStrongest)) return null;   // (re)initialises the field: see initLike
        boolean iWrite = myStrongest.effect().writes();
        // Two calls of the same method race on what it reallocates, frees or read-modify-writes; a check-then-set of a
        // reference in one method is FT404's (self) or FT409's (a lazily filled field).
        boolean selfRace = !b.init() && (myStrongest.effect() == FieldEffect.RMW || myStrongest.effect() == FieldEffect.RESIZE
                || myStrongest.effect() == FieldEffect.FREE);
        // The strongest other run-time writer; only initialisers may write it (tp_init runs again on a live object only
        // when Python calls __init__ explicitly).
        Strongest strongest = strongest(fields, key);
        FieldRaces.Writer writer = strongest.best() != null && !selfRace && strongest.best().body().function().equals(b.function())
                ? strongest.ofOthers() : strongest.best();
        if (writer == null) return memberGetterConflict(fields, b, key, uses, myStrongest);
        FieldSite best = writer.site();
        FieldModel.Body bestBody = writer.body();
        // Freed or reallocated memory under a reader is the crash; a swapped object reference is ranked next.
        Confidence c = best.effect() == FieldEffect.FREE || best.effect() == FieldEffect.RESIZE ? Confidence.HIGH
                : best.effect() == FieldEffect.REPLACE || iWrite || best.effect() == FieldEffect.RMW ? Confidence.MEDIUM : Confidence.LOW;
        if (iWrite && use.effect() == FieldEffect.READ) {
            FieldSite firstWrite = uses.stream().filter(s -> s.effect().writes()).min(java.util.Comparator.comparing(s -> s.range().start())).orElse(use);
            if (c != Confidence.HIGH) use = firstWrite;
        }
        boolean flag = fields.flagOnly(key);
        if (flag || (!iWrite && fields.nullTestsOnly(uses))) c = Confidence.LOW;
        return new FieldRaces.Conflict(use, best, bestBody, c, flag);
    }

    /**
     * Of the field's run-time writers (not only initialisers), the strongest, and the strongest of the functions
     * other than that one's: what every access of the field is checked against.
     */
    private record Strongest(FieldRaces.Writer best, FieldRaces.Writer ofOthers) {}

    private record StrongestKey(String key) {}

    /** Worked out once per field and scan: per access, a loop over every writer's sites grew as accesses x writers. */
    private static Strongest strongest(FieldModel fields, String key) {
        return fields.derived(new StrongestKey(key), () -> {
            List<FieldRaces.Writer> all = FieldRaces.writers(fields, key, false, (w, ws) -> initLike(w, key, ws));
            FieldRaces.Writer best = FieldRaces.firstStrongest(all, null);
            return new Strongest(best, best == null ? null : FieldRaces.firstStrongest(all, best.body().function()));
        });
    }

    /** No other writer, but this body swaps, reallocates or frees a field CPython's generic member getter reads. */
    private static FieldRaces.Conflict memberGetterConflict(FieldModel fields, FieldModel.Body b, String key, List<FieldSite> uses, FieldSite mine) {
        List<FieldModel.Body> getters = fields.memberReadersOf(key);
        if (getters.isEmpty() || b.init() || !mine.effect().destroys()) return null;
        FieldSite use = uses.stream().filter(s -> s.effect().destroys()).min(java.util.Comparator.comparing(s -> s.range().start())).orElse(mine);
        return new FieldRaces.Conflict(use, getters.get(0).sites().get(0), getters.get(0), Confidence.MEDIUM, false);
    }
}
