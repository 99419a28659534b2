package dev.ftmigrate.rules.engine;

import dev.ftmigrate.rules.Finding;
import dev.ftmigrate.rules.Fix;
import dev.ftmigrate.rules.FixSafety;
import dev.ftmigrate.rules.RuleDescriptor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The second stage of a scan, run per file after detection and only when fixes are wanted (patch,
 * or a report format that carries fixes): each kept finding's {@link FixRequest} is planned with
 * the file's {@link FixContext}. A fix is never more permissive than its rule's declared
 * {@code fixSafety}: the metadata is the one place that says how far a rule's fixes may be trusted.
 */
public final class FixStage {
    private FixStage() {}

    /** The planned findings, in the same order, and the fixes that failed (as "FTxxx fix failed: ..."). */
    public record Planned(List<Finding> findings, Set<String> failures) {}

    static Planned plan(RuleEngine.FileFindings detected, List<Finding> kept, Set<String> ruleIds,
                        Map<String, RuleDescriptor> declared) {
        FixContext fx = new FixContext(detected.context(), kept, ruleIds);
        List<Finding> out = new ArrayList<>(kept.size());
        Set<String> failures = new TreeSet<>();
        // A fix that serves several findings stays one object when capped (reports and the cache write it once).
        Map<Fix, Map<FixSafety, Fix>> cappedOnce = new java.util.IdentityHashMap<>();
        for (Finding f : kept) {
            FixRequest req = detected.requests().get(f);
            if (req == null) {
                out.add(f);
                continue;
            }
            Fix fix;
            try {
                fix = req.plan(fx);
            } catch (RuntimeException | StackOverflowError e) {
                failures.add(f.ruleId() + " fix failed: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
                fix = null;
            }
            if (fix != null) {
                Fix c = capped(fix, declared.get(f.ruleId()));
                if (c != fix) fix = cappedOnce.computeIfAbsent(fix, k -> new java.util.EnumMap<>(FixSafety.class)).computeIfAbsent(c.safety(), s -> c);
            }
            out.add(fix == null ? f : f.withFix(fix));
        }
        return new Planned(out, failures);
    }

    /** SAFE < REVIEW < ADVICE: a fix keeps its own safety when stricter than the declared one. */
    static Fix capped(Fix fix, RuleDescriptor rule) {
        if (rule == null || fix.safety().ordinal() >= rule.fixSafety().ordinal()) return fix;
        return new Fix(fix.description(), rule.fixSafety(), fix.edits());
    }
}
