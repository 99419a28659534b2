package dev.ftmigrate.analyzer.input;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code [tool.ftmigrate]} from the nearest pyproject.toml at or above the scanned path. Keys:
 * select, ignore, exclude (lists), fail-on, baseline, include-dirs (list), defines (table).
 */
public record ProjectConfig(Path file, List<String> select, List<String> ignore, List<String> exclude,
                            String failOn, String baseline, List<String> includeDirs, Map<String, String> defines) {

    public static ProjectConfig empty() {
        return new ProjectConfig(null, List.of(), List.of(), List.of(), null, null, List.of(), Map.of());
    }

    /** Looks upward from {@code start} for pyproject.toml; a malformed one is the user's error. */
    public static ProjectConfig discover(Path start) throws IOException {
        Path dir = start.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) dir = dir.getParent();
        for (; dir != null; dir = dir.getParent()) {
            Path f = dir.resolve("pyproject.toml");
            if (Files.isRegularFile(f)) {
                Optional<ProjectConfig> c = load(f);
                if (c.isPresent()) return c.get();
            }
        }
        return empty();
    }

    /** Empty when the file has no [tool.ftmigrate] table. */
    public static Optional<ProjectConfig> load(Path f) throws IOException {
        JsonNode root;
        try {
            root = new TomlMapper().readTree(f.toFile());
        } catch (IOException e) {
            throw new IOException(f + ": not valid TOML: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        JsonNode t = root.path("tool").path("ftmigrate");
        if (t.isMissingNode()) return Optional.empty();
        Map<String, String> defines = new LinkedHashMap<>();
        t.path("defines").fields().forEachRemaining(e -> defines.put(e.getKey(), e.getValue().asText()));
        return Optional.of(new ProjectConfig(f, list(t, "select"), list(t, "ignore"), list(t, "exclude"),
                text(t, "fail-on"), text(t, "baseline"), list(t, "include-dirs"), defines));
    }

    private static List<String> list(JsonNode t, String key) {
        List<String> out = new ArrayList<>();
        JsonNode n = t.path(key);
        if (n.isArray()) n.forEach(v -> out.add(v.asText()));
        else if (n.isTextual()) out.add(n.asText());
        return out;
    }

    private static String text(JsonNode t, String key) {
        JsonNode n = t.path(key);
        return n.isMissingNode() || n.isNull() ? null : n.asText();
    }
}
