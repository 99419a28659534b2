package dev.ftmigrate.rules.catalog;

import dev.ftmigrate.analyzer.CFunction;
import dev.ftmigrate.analyzer.FieldEffect;
import dev.ftmigrate.analyzer.FieldModel;
import dev.ftmigrate.analyzer.FieldSite;
import dev.ftmigrate.analyzer.FileModel;
import dev.ftmigrate.rules.Confidence;
import dev.ftmigrate.rules.engine.RuleContext;

import java.util.Comparator;
import java.util.List;

/** Shared wording and ranking for the field-model rules (FT407, FT408). */
final class FieldRaces {
    private FieldRaces() {}

    /** A field one body uses, and the strongest conflicting write elsewhere. */
    record Conflict(FieldSite use, FieldSite writer, FieldModel.Body writerBody, Confidence confidence, List<String> others) {}

    static Comparator<Conflict> ranking() {
        return Comparator.<Conflict, Integer>comparing(c -> c.confidence().ordinal()).thenComparing(c -> c.use().range().start());
    }

    /** "`data` is reallocated by append() via grow()" */
    static String writtenBy(FieldSite w) {
        return "`" + w.field() + "` is " + w.effect().label() + " by " + w.how();
    }

    /** The use as a verb phrase: "reads", "writes", "reallocates". */
    static String verb(FieldEffect e) {
        return switch (e) {
            case READ -> "reads";
            case WRITE -> "writes";
            case RMW -> "read-modify-writes";
            case REPLACE -> "replaces";
            case RESIZE -> "reallocates";
            case FREE -> "frees";
        };
    }

    /** The writer as evidence, at its site in the writer's file (bodies in included headers have no usable range). */
    static void evidence(RuleContext ctx, RuleContext.Report r, FieldSite w) {
        if (w.function().node() == null) {   // a PyMemberDef entry: point at it
            r.evidence(w.function().relPath(), w.range(), writtenBy(w));
            return;
        }
        FileModel f = ctx.extension().fileOf(w.function());
        if (f == null || f.includedFunctions().contains(w.function())) return;
        r.evidence(f.source().relPath(), w.range(), writtenBy(w));
    }

    /** The first use of each effect, strongest effect per field. */
    static FieldSite strongest(List<FieldSite> sites) {
        return sites.stream().max(Comparator.comparing(FieldSite::effect).thenComparing(s -> -s.range().start())).orElse(null);
    }

    static boolean definedHere(RuleContext ctx, CFunction f) {
        return ctx.model().functions().contains(f);
    }
}
