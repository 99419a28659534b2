package dev.ftmigrate.rules.engine;

import dev.ftmigrate.analyzer.ExtensionModel;
import dev.ftmigrate.analyzer.FileModel;
import dev.ftmigrate.analyzer.SourceFile;
import dev.ftmigrate.rules.Finding;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What a fix sees of one file when fixes are planned: the file's model, the whole extension, every
 * finding the scan kept in this file (after suppressions), the rules that ran, and a memo for
 * plans that cover several findings at once (one lock plan per file, one ownership rewrite per
 * function). One context per file and per run: no state outlives the run or is shared between files.
 */
public final class FixContext {
    private final RuleContext rules;
    private final List<Finding> findings;
    private final Set<String> ruleIds;
    private final Map<Object, Object> memo = new HashMap<>();

    FixContext(RuleContext rules, List<Finding> findings, Set<String> ruleIds) {
        this.rules = rules;
        this.findings = List.copyOf(findings);
        this.ruleIds = Set.copyOf(ruleIds);
    }

    /**
     * What a file's fixes may read of the project beyond the file, its headers and the link: where the
     * files are (the compat header goes beside most sources) and every header's text (a vendored
     * pythoncapi_compat.h, ours from an earlier run). Cached fixes hold only while this is unchanged.
     */
    public static String projectDigest(Collection<SourceFile> sources) {
        StringBuilder sb = new StringBuilder();
        sources.stream().sorted(Comparator.comparing(SourceFile::relPath)).forEach(s -> {
            sb.append(s.relPath());
            if (!s.relPath().endsWith(".c")) sb.append(' ').append(s.fingerprint());
            sb.append('\n');
        });
        return SourceFile.fingerprint(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    public FileModel model() { return rules.model(); }

    public ExtensionModel extension() { return rules.extension(); }

    /** The detection context of the file (sharing verdicts, text of nodes). */
    public RuleContext rules() { return rules; }

    /** Every finding reported in this file by this run, in report order. */
    public List<Finding> findings() { return findings; }

    /** The ids of the rules this run used. */
    public Set<String> ruleIds() { return ruleIds; }

    /** The value computed once per file for {@code key}. Not thread-safe: one file is planned by one thread. */
    @SuppressWarnings("unchecked")
    public <T> T memo(Object key, Supplier<T> compute) {
        if (memo.containsKey(key)) return (T) memo.get(key);
        T v = compute.get();
        memo.put(key, v);
        return v;
    }
}
