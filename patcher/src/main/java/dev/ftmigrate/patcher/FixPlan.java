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
        // The declaration's patch comes last: every commit before it keeps the GIL, so a series applied
        // (or bisected) part way never declares a module free-threaded before its hazards are fixed.
        for (RuleFamily f : RuleFamily.values()) if (f != RuleFamily.MODULE_DECLARATION) set.group(f.prefix, f.subject, f.body);
        RuleFamily decl = RuleFamily.MODULE_DECLARATION;
        set.group(decl.prefix, decl.subject, decl.body);
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
        // The module declarations (FT2) last: whether the run left hazards in their file is known then.
        List<Finding> declarations = order.stream().filter(f -> RuleFamily.of(f.ruleId()).orElse(null) == RuleFamily.MODULE_DECLARATION).toList();
        order.removeAll(declarations);
        order.addAll(declarations);
        // By identity: a finding's hash covers its fix, whose edits a group's findings share (hashing them per finding grew with the square).
        Set<Finding> fixed = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Finding f : order) {
            Fix fix = f.fix().get();
            String family = RuleFamily.prefixOf(f.ruleId());
            var l = f.location();
            var r = set.offer(family, fix, f.ruleId() + " at " + l.relPath() + ":" + l.startLine() + ":" + l.startColumn());
            if (r.isEmpty()) {
                applied.merge(f.ruleId(), 1, Integer::sum);
                fixed.add(f);
                set.note(family, note(f, fix, declarations.contains(f) ? unfixedHazards(scan, f, fixed) : null));
            }
            else if (r.get().conflict().isPresent()) conflicts.add(r.get());
            else review.merge(f.ruleId(), 1, Integer::sum);
        }
        return new FixPlan(set, new Summary(applied, review, advice, none, conflicts));
    }

    /**
     * One line of a patch message: where, the race (the finding's message up to its advice), and
     * the fix. A module declaration also says which high-confidence hazards of its file this run
     * leaves unfixed (null: not a declaration).
     */
    private static String note(Finding f, Fix fix, List<String> unfixed) {
        var l = f.location();
        String why = f.message() == null ? "" : f.message();
        int cut = why.indexOf(';');
        if (cut > 0) why = why.substring(0, cut);
        StringBuilder b = new StringBuilder("- ").append(f.ruleId()).append(' ').append(l.relPath()).append(':').append(l.startLine())
                .append(": ").append(why.strip()).append("\n  fix: ")
                // A declaration's own "(review: ... remain)" was judged before the run; the line below says what this run left.
                .append(unfixed == null ? fix.description() : fix.description().replaceFirst(" \\(review: .*\\)$", ""));
        if (unfixed != null) {
            b.append(unfixed.isEmpty() ? "\n  every high-confidence shared-state hazard found in this file is fixed by this series"
                    : "\n  hazards this series leaves unfixed in the file (review before relying on the declaration): " + String.join(", ", unfixed));
        }
        return b.toString();
    }

    /** The high-confidence shared-state findings of the declaration's file whose fix was not accepted. */
    private static List<String> unfixedHazards(ScanResult scan, Finding declaration, Set<Finding> fixed) {
        List<String> out = new ArrayList<>();
        for (Finding f : scan.findings()) {
            if (f.location().relPath().equals(declaration.location().relPath()) && RuleFamily.sharedState(f.ruleId())
                    && f.confidence() == dev.ftmigrate.rules.Confidence.HIGH && !fixed.contains(f)) {
                out.add(f.ruleId() + " at line " + f.location().startLine());
            }
        }
        return out;
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
