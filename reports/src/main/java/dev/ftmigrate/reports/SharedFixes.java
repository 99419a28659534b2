package dev.ftmigrate.reports;

import dev.ftmigrate.rules.DistinctFixes;
import dev.ftmigrate.rules.Finding;
import dev.ftmigrate.rules.Fix;

import java.util.ArrayList;
import java.util.List;

/**
 * Which finding of a report carries a fix's edits: the first of the findings it serves, in report
 * order; the others name that finding by fingerprint. Written out with each finding, a group's fix
 * made a report grow with findings times edits, and a module whose 400 functions write the same two
 * statics ran the JVM out of memory.
 */
final class SharedFixes {
    private SharedFixes() {}

    /**
     * Per finding, in the same order: null where the finding carries its fix's edits (or has no edits),
     * else the fingerprint of the earlier finding that does.
     */
    static List<String> editsWith(List<Finding> findings, List<String> prints) {
        DistinctFixes distinct = new DistinctFixes();
        List<Integer> firstUse = new ArrayList<>();
        List<String> out = new ArrayList<>(findings.size());
        for (int i = 0; i < findings.size(); i++) {
            Fix x = findings.get(i).fix().filter(f -> !f.edits().isEmpty()).orElse(null);
            if (x == null) {
                out.add(null);
                continue;
            }
            int k = distinct.indexOf(x);
            if (k == firstUse.size()) firstUse.add(i);
            out.add(firstUse.get(k) == i ? null : prints.get(firstUse.get(k)));
        }
        return out;
    }
}
