package dev.ftmigrate.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ftmigrate.rules.Finding;
import dev.ftmigrate.rules.ScanResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Known findings to leave out of a scan, by line-independent fingerprint, so CI fails only on new
 * ones. The file is JSON: {"schema": "ftmigrate-baseline/1", "fingerprints": [sorted]}.
 */
public final class Baseline {
    public static final String SCHEMA = "ftmigrate-baseline/1";
    private final Set<String> fingerprints;

    private Baseline(Set<String> fingerprints) { this.fingerprints = fingerprints; }

    public static Baseline read(Path file) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": not a baseline file: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        if (root == null || !SCHEMA.equals(root.path("schema").asText())) {
            throw new IOException(file + ": not a baseline file (expected schema " + SCHEMA + ")");
        }
        Set<String> fps = new TreeSet<>();
        root.path("fingerprints").forEach(n -> fps.add(n.asText()));
        return new Baseline(fps);
    }

    /** The baseline document for a scan's findings. */
    public static String render(ScanResult result) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode root = m.createObjectNode();
        root.put("schema", SCHEMA);
        ArrayNode arr = root.putArray("fingerprints");
        new TreeSet<>(Fingerprints.of(result.findings())).forEach(arr::add);
        try {
            return m.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The scan without the findings this baseline knows; they are counted as baselined. */
    public ScanResult filter(ScanResult result) {
        List<String> fps = Fingerprints.of(result.findings());
        List<Finding> kept = new ArrayList<>();
        int known = 0;
        for (int i = 0; i < fps.size(); i++) {
            if (fingerprints.contains(fps.get(i))) known++;
            else kept.add(result.findings().get(i));
        }
        return new ScanResult(kept, result.files(), result.rules(), result.suppressed(), result.baselined() + known);
    }
}
