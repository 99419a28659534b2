package dev.ftmigrate.reports;

import dev.ftmigrate.rules.Finding;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Line-independent identities for findings, so a result keeps its identity when code above it moves
 * (SARIF partialFingerprints, baselines). Key = rule id, path, function, subject and the snippet with
 * whitespace collapsed; never line or column numbers. Findings with equal keys are told apart by
 * their occurrence index in file order.
 */
public final class Fingerprints {
    /** The SARIF partialFingerprints key; bump the version if the recipe ever changes. */
    public static final String KEY = "ftmigrate/v1";

    private Fingerprints() {}

    /** One fingerprint per finding, same order: {@code <32 hex>:<occurrence from 1>}. */
    public static List<String> of(List<Finding> findings) {
        Map<String, Integer> seen = new HashMap<>();
        List<String> out = new ArrayList<>(findings.size());
        for (Finding f : findings) {
            String h = hash(f);
            int n = seen.merge(h, 1, Integer::sum);
            out.add(h + ":" + n);
        }
        return out;
    }

    /** The hash part alone (without occurrence index). */
    public static String hash(Finding f) {
        String key = String.join("\u0000", nz(f.ruleId()), nz(f.location().relPath()).replace('\\', '/'),
                nz(f.function()), nz(f.subject()), normalise(f.snippet()));
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whitespace-insensitive: re-indenting or reflowing a line keeps the fingerprint. */
    static String normalise(String snippet) {
        return snippet == null ? "" : snippet.strip().replaceAll("\\s+", " ");
    }

    private static String nz(String s) { return s == null ? "" : s; }
}
