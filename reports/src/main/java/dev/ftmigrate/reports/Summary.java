package dev.ftmigrate.reports;

import dev.ftmigrate.rules.FileStatus;
import dev.ftmigrate.rules.Finding;
import dev.ftmigrate.rules.Level;
import dev.ftmigrate.rules.RuleDescriptor;
import dev.ftmigrate.rules.ScanResult;

import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Counts every format prints, computed once and in a fixed order. */
record Summary(int total, Map<Level, Integer> byLevel, Map<String, Integer> byRule,
               Map<String, Level> highestByRule, List<FileStatus> files, List<FileStatus> problemFiles,
               Map<String, RuleDescriptor> rules, int suppressed, int baselined) {

    static Summary of(ScanResult r) {
        Map<Level, Integer> byLevel = new EnumMap<>(Level.class);
        for (Level l : Level.values()) byLevel.put(l, 0);
        Map<String, Integer> byRule = new TreeMap<>();
        Map<String, Level> highest = new TreeMap<>();
        for (Finding f : r.findings()) {
            byLevel.merge(f.level(), 1, Integer::sum);
            byRule.merge(f.ruleId(), 1, Integer::sum);
            highest.merge(f.ruleId(), f.level(), (a, b) -> a.atLeast(b) ? a : b);
        }
        List<FileStatus> files = sortedFiles(r);
        List<FileStatus> problems = files.stream().filter(f -> !f.clean()).toList();
        Map<String, RuleDescriptor> rules = new LinkedHashMap<>();
        r.rules().stream().sorted(Comparator.comparing(RuleDescriptor::id)).forEach(d -> rules.put(d.id(), d));
        return new Summary(r.findings().size(), byLevel, byRule, highest, files, problems, rules,
                r.suppressed(), r.baselined());
    }

    /** Findings by file, offset, rule id; stable, so ties keep the scanner's order. */
    static List<Finding> sortedFindings(ScanResult r) {
        return r.findings().stream().sorted(Comparator
                .comparing((Finding f) -> f.location().relPath())
                .thenComparingInt(f -> f.location().startOffset())
                .thenComparing(Finding::ruleId)).toList();
    }

    static List<FileStatus> sortedFiles(ScanResult r) {
        return r.files().stream().sorted(Comparator.comparing(FileStatus::relPath)).toList();
    }

    /** "3 parser problem nodes; not UTF-8" — why a file could not be analysed fully. */
    static String describeProblems(FileStatus f) {
        StringBuilder sb = new StringBuilder();
        if (f.problems() > 0) sb.append(f.problems()).append(f.problems() == 1 ? " parser problem node" : " parser problem nodes");
        if (f.warning() != null) {
            if (sb.length() > 0) sb.append("; ");
            sb.append(f.warning());
        }
        return sb.toString();
    }

    static String plural(int n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }
}
