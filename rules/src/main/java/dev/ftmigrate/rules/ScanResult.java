package dev.ftmigrate.rules;

import java.util.List;

/**
 * Everything a report needs from one scan. Findings are sorted by file, offset, rule id.
 *
 * @param suppressed findings silenced by {@code ftmigrate: ignore[...]} comments
 * @param baselined  findings already present in the baseline file
 */
public record ScanResult(List<Finding> findings, List<FileStatus> files, List<RuleDescriptor> rules,
                         int suppressed, int baselined) {
    public ScanResult {
        findings = List.copyOf(findings);
        files = List.copyOf(files);
        rules = List.copyOf(rules);
    }

    public long filesWithProblems() { return files.stream().filter(f -> !f.clean()).count(); }
}
