package dev.ftmigrate.rules.engine;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ftmigrate.analyzer.FieldFacts;
import dev.ftmigrate.analyzer.FileFacts;
import dev.ftmigrate.analyzer.SourceFile;
import dev.ftmigrate.analyzer.input.CacheDir;
import dev.ftmigrate.rules.Finding;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-file results kept between scans, like ruff's cache. An entry is found by a key over the tool
 * version, the options, the file's path and its text; it holds the headers the parse read (with
 * their hashes, checked on every use), the file's {@link FileFacts} for the link, and the file's
 * detection results together with the link digest they were computed under. A file whose text,
 * headers and link digest are unchanged is neither parsed nor analysed again; a file whose text is
 * unchanged but whose link digest moved is re-analysed, but its facts still spare the link a parse.
 */
public final class ScanCache {
    /** What the analysis of one file produced, without fixes (those are planned per run). */
    public record Results(List<Finding> findings, int suppressed, int problems, List<String> failures, List<String> notes) {}

    /** A header the parse read, and its hash then. */
    public record Dep(String path, String sha256) {}

    /** @param fields the file's field facts (null when no selected rule reads the field model) */
    public record Entry(List<Dep> deps, FileFacts facts, FieldFacts fields, String digest, Results results) {}

    @JsonIgnoreProperties({"fix"})
    private abstract static class NoFix {}

    private static final ObjectMapper JSON = new ObjectMapper()
            .addMixIn(Finding.class, NoFix.class)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final CacheDir dir;
    private final String toolVersion;
    private final Map<String, String> depHashes = new ConcurrentHashMap<>();

    /** @param toolVersion changes whenever the analysis may change (a build of the tool) */
    public ScanCache(CacheDir dir, String toolVersion) {
        this.dir = dir;
        this.toolVersion = toolVersion;
    }

    public CacheDir dir() { return dir; }

    /** The key of a file's entry under these options. */
    String key(String options, SourceFile src) {
        return SourceFile.sha256((toolVersion + "\n" + options + "\n" + src.path().toAbsolutePath() + "\n" + src.relPath()
                + "\n" + src.sha256()).getBytes(StandardCharsets.UTF_8));
    }

    /** The entry, when present, readable and every header it depends on unchanged. */
    Optional<Entry> get(String key) {
        Optional<String> text = dir.read(key);
        if (text.isEmpty()) return Optional.empty();
        try {
            Entry e = JSON.readValue(text.get(), Entry.class);
            if (e.facts() == null || e.deps() == null) return Optional.empty();
            for (Dep d : e.deps()) if (!d.sha256().equals(hash(d.path()))) return Optional.empty();
            return Optional.of(e);
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // a damaged or older entry is a miss, not an error
        }
    }

    void put(String key, Entry entry) {
        try {
            dir.write(key, JSON.writeValueAsString(entry));
        } catch (JsonProcessingException e) {
            // an unserialisable entry is simply not cached
        }
    }

    /** The dependencies of a parse: each resolved header with its hash now. */
    List<Dep> deps(List<String> paths) {
        return paths.stream().distinct().sorted().map(p -> new Dep(p, hash(p))).toList();
    }

    private String hash(String path) {
        return depHashes.computeIfAbsent(path, p -> {
            try {
                return SourceFile.sha256(Files.readAllBytes(Path.of(p)));
            } catch (IOException | RuntimeException e) {
                return "missing";
            }
        });
    }
}
