package dev.ftmigrate.rules.engine;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.smile.SmileFactory;
import dev.ftmigrate.analyzer.FieldFacts;
import dev.ftmigrate.analyzer.FileFacts;
import dev.ftmigrate.analyzer.SourceFile;
import dev.ftmigrate.analyzer.input.CacheDir;
import dev.ftmigrate.rules.Finding;
import dev.ftmigrate.rules.DistinctFixes;
import dev.ftmigrate.rules.Fix;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-file results kept between scans, like ruff's cache. An entry is found by a key over the tool
 * version, the options, the file's path and its text; it holds the headers the parse read (with
 * their hashes, checked on every use) and the file's detection results together with the link
 * digest they were computed under. Beside it, read only when the link must run, the file's
 * {@link FileFacts} and {@link FieldFacts}. A file whose text, headers and link digest are
 * unchanged is neither parsed nor analysed again; a file whose text is unchanged but whose link
 * digest moved is re-analysed, but its facts still spare the link a parse. A run's manifest
 * (every file's key and digest) lets a repeat run over unchanged files skip the link altogether.
 * Entries are Smile (binary JSON): a repeat scan reads them several times faster than text. A run
 * that plans fixes (patch, SARIF and JSON reports) keeps them in the entry beside the findings, so
 * its repeat parses nothing either.
 */
public final class ScanCache {
    /** What the analysis of one file produced, without fixes (those are planned per run). */
    public record Results(List<Finding> findings, int suppressed, int problems, List<String> failures, List<String> notes) {}

    /** A header the parse read, and its hash then. */
    public record Dep(String path, String sha256) {}

    /**
     * @param planned the fix stage's output for the results' findings, when a run that plans fixes wrote
     *                the entry (null otherwise): a fix depends on nothing the entry is not already keyed on
     */
    public record Entry(List<Dep> deps, String digest, Results results, Planned planned) {
        public Entry(List<Dep> deps, String digest, Results results) { this(deps, digest, results, null); }
    }

    /**
     * The file's distinct fixes, each once (a group's fix serves all of its findings), and per finding,
     * in the results' order, the number of its fix or -1; the fixes that failed.
     * @param inputs {@link FixContext#projectDigest} of the run that planned them
     */
    public record Planned(List<Fix> distinct, List<Integer> fixOf, List<String> failures, String inputs) {
        /** From each finding's fix, in the results' order (null where it has none). */
        public static Planned of(List<Fix> perFinding, List<String> failures, String inputs) {
            DistinctFixes distinct = new DistinctFixes();
            List<Integer> fixOf = new ArrayList<>(perFinding.size());
            for (Fix f : perFinding) fixOf.add(f == null ? -1 : distinct.indexOf(f));
            return new Planned(List.copyOf(distinct.fixes()), fixOf, failures, inputs);
        }

        /** Finding i's fix (null: none); findings that share a fix share the object. */
        public Fix fix(int i) {
            int k = fixOf.get(i);
            return k < 0 ? null : distinct.get(k);
        }
    }

    /** @param fields the file's field facts (null when no selected rule reads the field model) */
    public record Facts(FileFacts facts, FieldFacts fields) {}

    @JsonIgnoreProperties({"fix"})
    private abstract static class NoFix {}

    /** Names (functions, fields, callees) repeat throughout the facts: Smile writes each once per entry. */
    private static final ObjectMapper SMILE = new ObjectMapper(SmileFactory.builder()
            .enable(com.fasterxml.jackson.dataformat.smile.SmileGenerator.Feature.CHECK_SHARED_STRING_VALUES).build())
            .addMixIn(Finding.class, NoFix.class)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /**
     * Facts leave out what is empty, false, zero or null (most of a field event): a repeat scan after
     * an edit decodes every file's facts, and this halves what it reads. Strings stay even when empty;
     * the records read an absent list or map back as empty.
     */
    private static final ObjectMapper FACTS = SMILE.copy()
            .setDefaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_DEFAULT, JsonInclude.Include.ALWAYS));

    static {
        FACTS.configOverride(String.class).setInclude(JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.ALWAYS));
    }

    /**
     * Decoded entries and facts a long-lived process (the daemon) keeps between runs, by key: decoding
     * every file's facts was the largest part of a warm repeat scan after an edit. Whatever it returns
     * is sound even when another process rewrote the entry since: an entry's results hold for its key
     * and its own digest, which the run still compares (with the hashes of the headers it read), and
     * facts depend on their key alone. Soft references let a full heap take them back, and what the
     * last two runs did not use is dropped at the start of each run.
     */
    public static final class Memory {
        private final Map<String, java.lang.ref.SoftReference<Entry>> entries = new ConcurrentHashMap<>();
        private final Map<String, java.lang.ref.SoftReference<Facts>> facts = new ConcurrentHashMap<>();
        /** Keys used by the run under way: what neither it nor the run before used (older texts) is let go. */
        private java.util.Set<String> used = ConcurrentHashMap.newKeySet(), usedBefore = ConcurrentHashMap.newKeySet();

        /**
         * When each cache file this memory served was last marked used on disk: a sweep removes entries
         * no scan used for a week, and must spare those the daemon reads from here (marked once a day).
         */
        private final Map<String, Long> marked = new ConcurrentHashMap<>();

        /** A new run: drops what the last two runs did not use, so memory follows the project, not its history. */
        synchronized void beginRun() {
            entries.keySet().removeIf(k -> !used.contains(k) && !usedBefore.contains(k));
            facts.keySet().removeIf(k -> !used.contains(k) && !usedBefore.contains(k));
            usedBefore = used;
            used = ConcurrentHashMap.newKeySet();
            long now = System.currentTimeMillis();
            marked.values().removeIf(t -> now - t >= MARK_EVERY_MS);
        }

        /** Whether the file of {@code fileKey}, served from here, is due to be marked used on disk. */
        private boolean markDue(String fileKey) {
            long now = System.currentTimeMillis();
            Long last = marked.get(fileKey);
            if (last != null && now - last < MARK_EVERY_MS) return false;
            marked.put(fileKey, now);
            return true;
        }

        private <T> T get(Map<String, java.lang.ref.SoftReference<T>> m, String key) {
            java.lang.ref.SoftReference<T> r = m.get(key);
            T v = r == null ? null : r.get();
            if (v != null) used.add(key);
            return v;
        }

        private <T> void put(Map<String, java.lang.ref.SoftReference<T>> m, String key, T value) {
            used.add(key);
            m.put(key, new java.lang.ref.SoftReference<>(value));
        }

        /** How many entries and facts it holds (for tests). */
        public int size() { return entries.size() + facts.size(); }
    }

    private static final long MARK_EVERY_MS = CacheDir.SWEEP_EVERY.toMillis();

    private final CacheDir dir;
    private final String toolVersion;
    private final Memory memory;
    private final Map<String, String> depHashes = new ConcurrentHashMap<>();

    /** @param toolVersion changes whenever the analysis may change (a build of the tool) */
    public ScanCache(CacheDir dir, String toolVersion) {
        this(dir, toolVersion, null);
    }

    /** @param memory decoded entries kept across runs of this process, or null */
    public ScanCache(CacheDir dir, String toolVersion, Memory memory) {
        this.dir = dir;
        this.toolVersion = toolVersion;
        this.memory = memory;
        if (memory != null) memory.beginRun();
    }

    public CacheDir dir() { return dir; }

    /** The key of a file's entry under these options. */
    String key(String options, SourceFile src) {
        return SourceFile.sha256((toolVersion + "\n" + options + "\n" + src.path().toAbsolutePath() + "\n" + src.relPath()
                + "\n" + src.fingerprint()).getBytes(StandardCharsets.UTF_8));
    }

    /** The key of a run's manifest: the options and the scanned files (not their texts). */
    String runKey(String options, List<SourceFile> files) {
        StringBuilder sb = new StringBuilder(toolVersion).append('\n').append(options).append('\n');
        for (SourceFile f : files) sb.append(f.path().toAbsolutePath()).append(' ').append(f.relPath()).append('\n');
        return SourceFile.sha256(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The entry, when present, readable and every header it depends on unchanged. */
    Optional<Entry> get(String key) {
        Entry e = memory == null ? null : memory.get(memory.entries, key);
        if (e != null) servedFromMemory(key);
        if (e == null) {
            e = decode(key);
            if (e == null) return Optional.empty();
            if (memory != null) memory.put(memory.entries, key, e);
        }
        for (Dep d : e.deps()) if (!d.sha256().equals(hash(d.path()))) return Optional.empty();
        // A run over unchanged files reads no facts, but the next edit's link will: they stay as used as their entry.
        if (memory == null) dir.markUsed(factsKey(key));
        else servedFromMemory(factsKey(key));
        return Optional.of(e);
    }

    private Entry decode(String key) {
        Optional<byte[]> data = dir.readBytes(key);
        if (data.isEmpty()) return null;
        try {
            Entry e = SMILE.readValue(data.get(), Entry.class);
            return e.deps() == null ? null : e;
        } catch (IOException | RuntimeException e) {
            return null; // a damaged or older entry is a miss, not an error
        }
    }

    /** The facts kept beside an entry, when present and readable. */
    Optional<Facts> facts(String key) {
        Facts known = memory == null ? null : memory.get(memory.facts, key);
        if (known != null) {
            servedFromMemory(factsKey(key));
            return Optional.of(known);
        }
        Optional<byte[]> data = dir.readBytes(factsKey(key));
        if (data.isEmpty()) return Optional.empty();
        try {
            Facts f = FACTS.readValue(data.get(), Facts.class);
            if (f.facts() == null) return Optional.empty();
            if (memory != null) memory.put(memory.facts, key, f);
            return Optional.of(f);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    void put(String key, Entry entry) {
        write(key, entry);
        if (memory != null) memory.put(memory.entries, key, entry);
    }

    void putFacts(String key, Facts facts) {
        if (memory != null) memory.put(memory.facts, key, facts);
        try {
            dir.write(factsKey(key), FACTS.writeValueAsBytes(facts));
        } catch (JsonProcessingException e) {
            // unserialisable facts are simply not cached
        }
    }

    /** The manifest of the last run with this run key: relative path to "key digest". */
    Map<String, String> manifest(String runKey) {
        Optional<byte[]> data = dir.readBytes(runKey);
        if (data.isEmpty()) return Map.of();
        try {
            return SMILE.readValue(data.get(), new TypeReference<Map<String, String>>() {});
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
    }

    void putManifest(String runKey, Map<String, String> manifest) { write(runKey, new TreeMap<>(manifest)); }

    private void write(String key, Object value) {
        try {
            dir.write(key, SMILE.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            // an unserialisable entry is simply not cached
        }
    }

    private void servedFromMemory(String fileKey) {
        if (memory.markDue(fileKey)) dir.markUsed(fileKey);
    }

    private static String factsKey(String key) {
        return SourceFile.sha256(("facts\n" + key).getBytes(StandardCharsets.UTF_8));
    }

    /** The dependencies of a parse: each resolved header with its hash now. */
    List<Dep> deps(List<String> paths) {
        return paths.stream().distinct().sorted().map(p -> new Dep(p, hash(p))).toList();
    }

    private String hash(String path) {
        return depHashes.computeIfAbsent(path, p -> {
            try {
                return SourceFile.fingerprint(Files.readAllBytes(Path.of(p)));
            } catch (IOException | RuntimeException e) {
                return "missing";
            }
        });
    }
}
