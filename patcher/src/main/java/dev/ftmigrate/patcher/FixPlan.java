package dev.ftmigrate.patcher;

import dev.ftmigrate.analyzer.SourceFile;
import dev.ftmigrate.rules.Confidence;
import dev.ftmigrate.rules.Finding;
import dev.ftmigrate.rules.Fix;
import dev.ftmigrate.rules.FixSafety;
import dev.ftmigrate.rules.RuleDescriptor;
import dev.ftmigrate.rules.ScanResult;
import dev.ftmigrate.rules.TextEdit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns a scan's findings into a {@link PatchSet}: one group per rule family, fixes offered in a
 * stable order, and a summary of what was applied, skipped and refused.
 *
 * <p>Two decisions live here. FT201/FT202 (declare the module free of the GIL) are emitted as
 * review fixes and promoted to safe for a file where every shared-state rule (FT3xx–FT5xx) ran
 * and found nothing at high confidence: declaring too early is worse than not declaring. And
 * where two fixes overlap, the one whose edit covers the other's finding goes first (FT103's
 * rewrite of {@code op->ob_refcnt == 1} supersedes FT101's accessor edit inside it), so one run
 * leaves nothing for a second run to do.
 */
public final class FixPlan {
    /** The rule families, in patch order: id prefix, subject line, commit-message body. */
    public static final List<String[]> FAMILIES = List.of(
            new String[]{"FT1", "Use the object accessors instead of object internals",
                    "Direct ob_refcnt/ob_type access does not exist or races in free-threaded CPython;\n"
                            + "Py_REFCNT/Py_SET_REFCNT and Py_TYPE/Py_SET_TYPE (3.9+) are the supported accessors,\n"
                            + "and PyUnstable_Object_IsUniquelyReferenced (3.14, with a compat fallback) replaces\n"
                            + "decisions on a reference count of 1 (FT1xx: object internals)."},
            new String[]{"FT2", "Declare that the module does not need the GIL",
                    "Without a Py_mod_gil slot (multi-phase) or a PyUnstable_Module_SetGIL call\n"
                            + "(single-phase), a free-threaded interpreter re-enables the GIL when it imports the\n"
                            + "module. Both are guarded (PY_VERSION_HEX >= 3.13 / Py_GIL_DISABLED), so older and\n"
                            + "GIL builds are unchanged (FT2xx: module declaration)."},
            new String[]{"FT3", "Use strong references for items of shared containers",
                    "A borrowed reference from a dict, list, weakref or sys.modules can be freed by another\n"
                            + "thread while it is in use. The *Ref APIs (3.13, with compat fallbacks for older\n"
                            + "versions) return a strong reference; the rewrite adds the error path they report\n"
                            + "and releases the reference on every exit (FT3xx: borrowed references)."},
            new String[]{"FT4", "Protect shared state", "Module and object state written without a lock (FT4xx: shared state)."},
            new String[]{"FT5", "Use thread-safe libc and allocators", "Non-reentrant libc calls and allocator domains (FT5xx)."});

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
        for (String[] f : FAMILIES) set.group(f[0], f[1], f[2]);
        Set<String> unsafeFiles = filesWithSharedState(scan);
        boolean sharedRulesRan = sharedStateRulesRan(scan.rules());
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
            if (f.ruleId().startsWith("FT2") && fix.safety() == FixSafety.REVIEW && sharedRulesRan
                    && !unsafeFiles.contains(f.location().relPath())) {
                fix = new Fix(fix.description(), FixSafety.SAFE, fix.edits());
            }
            String family = f.ruleId().length() >= 3 ? f.ruleId().substring(0, 3) : f.ruleId();
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

    private static Set<String> filesWithSharedState(ScanResult scan) {
        Set<String> out = new HashSet<>();
        for (Finding f : scan.findings()) {
            if (f.confidence() == Confidence.HIGH && (f.ruleId().startsWith("FT3") || f.ruleId().startsWith("FT4") || f.ruleId().startsWith("FT5"))) {
                out.add(f.location().relPath());
            }
        }
        return out;
    }

    /** True when the scan ran every shared-state rule (FT3xx–FT5xx) of the catalog it knew. */
    private static boolean sharedStateRulesRan(List<RuleDescriptor> ran) {
        Set<String> ids = new HashSet<>();
        for (RuleDescriptor d : ran) ids.add(d.id());
        for (String id : dev.ftmigrate.rules.RuleCatalog.ids()) {
            if ((id.startsWith("FT3") || id.startsWith("FT4") || id.startsWith("FT5")) && !ids.contains(id)) return false;
        }
        return true;
    }

    /** All changes across groups. */
    public List<FileChange> changes() { return patches.changes(); }
}
