package dev.ftmigrate.analyzer.input;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code [tool.ftmigrate]} from the nearest pyproject.toml at or above the scanned path. Keys:
 * select, ignore, exclude (lists of strings), fail-on, baseline (strings), include-dirs (list of
 * strings), defines (table of strings or numbers). A value of the wrong type is an error naming the
 * file and the key; an unknown key is a warning.
 */
public record ProjectConfig(Path file, List<String> select, List<String> ignore, List<String> exclude,
                            String failOn, String baseline, List<String> includeDirs, Map<String, String> defines,
                            List<String> warnings) {
    static final Set<String> KEYS = Set.of("select", "ignore", "exclude", "fail-on", "baseline", "include-dirs", "defines");

    /** A config file the tool cannot use; the message names the file and the key. */
    public static final class Invalid extends IOException {
        public Invalid(String message) { super(message); }
    }

    public static ProjectConfig empty() {
        return new ProjectConfig(null, List.of(), List.of(), List.of(), null, null, List.of(), Map.of(), List.of());
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
            String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            throw new Invalid(f + ": not valid TOML: " + m);
        }
        JsonNode t = root == null ? null : root.path("tool").path("ftmigrate");
        if (t == null || t.isMissingNode()) return Optional.empty();
        if (!t.isObject()) throw new Invalid(f + ": [tool.ftmigrate] must be a table");
        List<String> warnings = new ArrayList<>();
        for (Iterator<String> it = t.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KEYS.contains(k)) warnings.add(f + ": unknown key '" + k + "' in [tool.ftmigrate] ignored (known: " + String.join(", ", KEYS.stream().sorted().toList()) + ")");
        }
        Map<String, String> defines = new LinkedHashMap<>();
        JsonNode d = t.path("defines");
        if (!d.isMissingNode()) {
            if (!d.isObject()) throw wrong(f, "defines", "a table of NAME = \"value\"", d);
            for (Iterator<Map.Entry<String, JsonNode>> it = d.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getKey().matches("[A-Za-z_]\\w*")) throw new Invalid(f + ": [tool.ftmigrate] defines: '" + e.getKey() + "' is not a macro name");
                JsonNode v = e.getValue();
                if (!(v.isTextual() || v.isNumber() || v.isBoolean())) throw wrong(f, "defines." + e.getKey(), "a string or a number", v);
                defines.put(e.getKey(), v.isBoolean() ? (v.asBoolean() ? "1" : "0") : v.asText());
            }
        }
        return Optional.of(new ProjectConfig(f, list(f, t, "select"), list(f, t, "ignore"), list(f, t, "exclude"),
                text(f, t, "fail-on"), text(f, t, "baseline"), list(f, t, "include-dirs"), defines, warnings));
    }

    private static List<String> list(Path f, JsonNode t, String key) throws Invalid {
        List<String> out = new ArrayList<>();
        JsonNode n = t.path(key);
        if (n.isMissingNode()) return out;
        if (n.isTextual()) {
            out.add(n.asText());
        } else if (n.isArray()) {
            for (JsonNode v : n) {
                if (!v.isTextual()) throw wrong(f, key, "a list of strings", v);
                out.add(v.asText());
            }
        } else {
            throw wrong(f, key, "a list of strings", n);
        }
        return out;
    }

    private static String text(Path f, JsonNode t, String key) throws Invalid {
        JsonNode n = t.path(key);
        if (n.isMissingNode()) return null;
        if (!n.isTextual()) throw wrong(f, key, "a string", n);
        return n.asText();
    }

    private static Invalid wrong(Path f, String key, String expected, JsonNode got) {
        String kind = got.isArray() ? "an array" : got.isObject() ? "a table" : got.isBoolean() ? "a boolean"
                : got.isNumber() ? "a number" : got.isTextual() ? "a string" : got.getNodeType().toString().toLowerCase();
        return new Invalid(f + ": [tool.ftmigrate] " + key + ": expected " + expected + ", got " + kind);
    }
}
