package dev.ftmigrate.rules.catalog;

import dev.ftmigrate.analyzer.CFunction;
import dev.ftmigrate.analyzer.FieldEffect;
import dev.ftmigrate.analyzer.FieldModel;
import dev.ftmigrate.analyzer.FieldSite;
import dev.ftmigrate.analyzer.LinkedFunction;
import dev.ftmigrate.rules.Confidence;
import dev.ftmigrate.rules.engine.RuleContext;

import java.util.Comparator;
import java.util.List;

/** Shared wording and ranking for the field-model rules (FT407, FT408). */
final class FieldRaces {
    private FieldRaces() {}

    /**
     * A field one body uses, and the strongest conflicting write elsewhere.
     *
     * @param flag every writer only sets flag values and no reader indexes with it ({@link FieldModel#flagOnly})
     */
    record Conflict(FieldSite use, FieldSite writer, FieldModel.Body writerBody, Confidence confidence, boolean flag) {}

    static Comparator<Conflict> ranking() {
        return Comparator.<Conflict, Integer>comparing(c -> c.confidence().ordinal()).thenComparing(Conflict::flag)
                .thenComparing(c -> c.use().range().start());
    }

    /** "`data` is reallocated by append() via grow()" */
    static String writtenBy(FieldSite w) {
        return "`" + w.field() + "` is " + w.effect().label() + " by " + w.how();
    }

    /** The use as a verb phrase: "reads", "writes", "reallocates". */
    static String verb(FieldEffect e) {
        return switch (e) {
            case READ -> "reads";
            case FLAG -> "sets";
            case WRITE -> "writes";
            case RMW -> "read-modify-writes";
            case REPLACE -> "replaces";
            case RESIZE -> "reallocates";
            case FREE -> "frees";
        };
    }

    /** Python reaches the body (or the function it is) as a module-level function: its first parameter is the module. */
    static boolean moduleFunction(RuleContext ctx, FieldModel.Body b, CFunction fn) {
        return b.entry().moduleFunction() || ctx.extension().entriesOf(fn).stream().anyMatch(dev.ftmigrate.analyzer.EntryPoint::moduleFunction);
    }

    /** The advice for a flag race (see {@link FieldModel#flagOnly}): lower stakes, a lighter fix. */
    static String flagAdvice(String field) {
        return "`" + field + "` only ever holds flag values (constants stored, bits ORed or ANDed in) and nothing uses it as a "
                + "pointer, size or index, so a race loses at most one flag update: make its loads and stores relaxed atomics "
                + "(FTM_ATOMIC on the field) rather than taking a critical section, or a compare-exchange if the flag guards one-time work";
    }

    /** The writer as evidence, at its site in the writer's file (bodies in included headers have no usable range). */
    static void evidence(RuleContext ctx, RuleContext.Report r, FieldSite w) {
        if (w.function().included()) return;
        r.evidence(w.function().relPath(), w.range(), writtenBy(w));
    }

    /** The first use of each effect, strongest effect per field. */
    static FieldSite strongest(List<FieldSite> sites) {
        return sites.stream().max(Comparator.comparing(FieldSite::effect).thenComparing(s -> -s.range().start())).orElse(null);
    }

    /** A body that writes a field at run time, with its strongest write of it. */
    record Writer(FieldModel.Body body, FieldSite site) {}

    /**
     * The bodies that write field {@code key}, each with its strongest write of it ({@code moduleState}: as
     * {@link FieldModel#strongestWrite} takes it), in model order; {@code skip} leaves out a writer (an initialiser).
     */
    static List<Writer> writers(FieldModel fields, String key, boolean moduleState,
                                java.util.function.BiPredicate<FieldModel.Body, FieldSite> skip) {
        List<Writer> all = new java.util.ArrayList<>();
        for (FieldModel.Body w : fields.writersOf(key)) {
            FieldSite ws = FieldModel.strongestWrite(w, key, moduleState);
            if (ws != null && !skip.test(w, ws)) all.add(new Writer(w, ws));
        }
        return all;
    }

    /** The strongest writer (the first in model order among equals), leaving out {@code except}'s bodies (null: none); null when none is left. */
    static Writer firstStrongest(List<Writer> writers, LinkedFunction except) {
        Writer best = null;
        for (Writer w : writers) {
            if (except != null && w.body().function().equals(except)) continue;
            if (best == null || w.site().effect().compareTo(best.site().effect()) > 0) best = w;
        }
        return best;
    }

    /** The function of this file a linked one is, or null when it is another file's (or an included header's). */
    static CFunction definedHere(RuleContext ctx, LinkedFunction f) {
        if (f.included() || !f.relPath().equals(ctx.model().source().relPath())) return null;
        return f.index() < ctx.model().functions().size() ? ctx.model().functions().get(f.index()) : null;
    }
}
