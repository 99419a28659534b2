package dev.ftmigrate.patcher;

import dev.ftmigrate.analyzer.SourceFile;
import dev.ftmigrate.rules.Finding;
import dev.ftmigrate.rules.Fix;
import dev.ftmigrate.rules.FixSafety;
import dev.ftmigrate.rules.RuleFamily;
import dev.ftmigrate.rules.ScanResult;
import dev.ftmigrate.rules.TextEdit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns a scan's planned fixes into a {@link PatchSet}: one group per rule family (defined in
 * {@link RuleFamily}), fixes offered in a stable order, and a summary of what was applied, skipped
 * and refused. Each fix is offered with the safety its rule gave it (never more than the rule's
 * declared {@code fixSafety}); this class decides nothing about safety. Where two fixes overlap,
 * the one whose edit covers the other's finding goes first (FT103's rewrite of
 * {@code op->ob_refcnt == 1} supersedes FT101's accessor edit inside it), so one run leaves
 * nothing for a second run to do.
 */
public final class FixPlan {
    /** What happened to each fix, by rule id. */
    public record Summary(Map<String, Integer> applied, Map<String, Integer> reviewOnly, Map<String, Integer> advice,
                          Map<String, Integer> withoutFix, List<Rejection> conflicts) {
        public boolean nothingToDo() { return applied.isEmpty(); }
    }

    private final PatchSet patches;
    private final Summary summary;

    private FixPlan(PatchSet patches, Summary summary) {
        this.patches = patches;
        this.summary = summary;
    }

    public PatchSet patches() { return patches; }

    public Summary summary() { return summary; }

    /** @param unsafe also apply REVIEW fixes (--unsafe-fixes) */
    public static FixPlan of(ScanResult scan, Collection<SourceFile> sources, boolean unsafe) {
        Set<FixSafety> allowed = unsafe ? EnumSet.of(FixSafety.SAFE, FixSafety.REVIEW) : EnumSet.of(FixSafety.SAFE);
        PatchSet set = new PatchSet(sources, allowed);
        for (RuleFamily f : RuleFamily.values()) set.group(f.prefix, f.subject, f.body);
        Map<String, Integer> applied = new TreeMap<>(), review = new TreeMap<>(), advice = new TreeMap<>(), none = new TreeMap<>();
        List<Rejection> conflicts = new ArrayList<>();
        List<Finding> order = new ArrayList<>();
        for (Finding f : scan.findings()) {
            if (f.fix().isEmpty() || f.fix().get().edits().isEmpty()) {
                (f.fix().isPresent() && f.fix().get().safety() == FixSafety.ADVICE ? advice : none).merge(f.ruleId(), 1, Integer::sum);
            } else {
                order.add(f);
            }
        }
        order.sort(Comparator.comparing((Finding f) -> f.location().relPath())
                .thenComparingInt(f -> f.location().startOffset())
                .thenComparing(Comparator.comparingInt(FixPlan::coverAtFinding).reversed())
                .thenComparing(Finding::ruleId));
        for (Finding f : order) {
            Fix fix = f.fix().get();
            String family = RuleFamily.prefixOf(f.ruleId());
            var l = f.location();
            var r = set.offer(family, fix, f.ruleId() + " at " + l.relPath() + ":" + l.startLine() + ":" + l.startColumn());
            if (r.isEmpty()) applied.merge(f.ruleId(), 1, Integer::sum);
            else if (r.get().conflict().isPresent()) conflicts.add(r.get());
            else review.merge(f.ruleId(), 1, Integer::sum);
        }
        return new FixPlan(set, new Summary(applied, review, advice, none, conflicts));
    }

    /** The length of the fix's edit that covers the finding's start (0 if none): outer edits first. */
    private static int coverAtFinding(Finding f) {
        int at = f.location().startOffset();
        int best = 0;
        for (TextEdit e : f.fix().get().edits()) {
            if (e.relPath().equals(f.location().relPath()) && e.offset() <= at && at <= e.end()) best = Math.max(best, e.length());
        }
        return best;
    }

    /** All changes across groups. */
    public List<FileChange> changes() { return patches.changes(); }
}
