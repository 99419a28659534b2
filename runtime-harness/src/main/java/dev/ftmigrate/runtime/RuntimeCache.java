package dev.ftmigrate.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * The versioned cache of provisioned runtimes:
 * <pre>
 * &lt;root&gt;/sources/                      source tarballs fetched with apt-get source
 * &lt;root&gt;/cpython-3.13.5-ft/             plain free-threaded prefix (bin/python3.13t)
 * &lt;root&gt;/cpython-3.13.5-ft-tsan/        TSan flavour (build tree, tsan-suppressions.txt)
 * &lt;root&gt;/&lt;prefix&gt;/build.json            manifest: configure args, tarball sha256, compiler, timings
 * &lt;root&gt;/&lt;prefix&gt;/.complete             written last; a prefix without it is rebuilt
 * &lt;root&gt;/logs/&lt;prefix&gt;.log             the provisioning log
 * &lt;root&gt;/&lt;name&gt;.lock                   file locks so concurrent runs wait instead of racing
 * </pre>
 * The root is {@code --cache}, else {@code FTMIGRATE_CACHE}, else {@code $XDG_CACHE_HOME/ftmigrate}, else
 * {@code ~/.cache/ftmigrate}.
 */
public final class RuntimeCache {
    public static final String COMPLETE = ".complete";
    public static final String MANIFEST = "build.json";

    private static final Map<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path root;

    public RuntimeCache(Path root) { this.root = root.toAbsolutePath().normalize(); }

    public static RuntimeCache defaultCache() { return new RuntimeCache(defaultRoot()); }

    public static Path defaultRoot() {
        String env = System.getenv("FTMIGRATE_CACHE");
        if (env != null && !env.isBlank()) return Path.of(env);
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) return Path.of(xdg, "ftmigrate");
        return Path.of(System.getProperty("user.home"), ".cache", "ftmigrate");
    }

    public Path root() { return root; }

    public static String flavourName(String version, boolean tsan) {
        return "cpython-" + version + "-ft" + (tsan ? "-tsan" : "");
    }

    public Path log(String name) { return root.resolve("logs").resolve(name + ".log"); }

    /** One provisioned runtime as recorded in the cache. */
    public record Entry(String name, String version, boolean tsan, Path dir, Path python, Path suppressions,
                        JsonNode manifest) {}

    /** Complete runtimes, newest version first. */
    public List<Entry> list() {
        List<Entry> out = new ArrayList<>();
        if (!Files.isDirectory(root)) return out;
        try (Stream<Path> s = Files.list(root)) {
            for (Path d : s.toList()) {
                String n = d.getFileName().toString();
                if (!n.startsWith("cpython-") || !Files.isRegularFile(d.resolve(COMPLETE))) continue;
                try {
                    JsonNode m = new ObjectMapper().readTree(d.resolve(MANIFEST).toFile());
                    out.add(new Entry(n, m.path("version").asText(), m.path("tsan").asBoolean(), d,
                            d.resolve(m.path("python").asText()),
                            m.hasNonNull("suppressions") ? d.resolve(m.get("suppressions").asText()) : null, m));
                } catch (IOException e) {
                    // an unreadable manifest is an incomplete runtime
                }
            }
        } catch (IOException e) {
            return out;
        }
        out.sort(Comparator.comparing((Entry e) -> versionKey(e.version())).reversed()
                .thenComparing(Entry::name));
        return out;
    }

    /** The newest complete runtime of that flavour, or null. */
    public Entry find(boolean tsan) {
        return list().stream().filter(e -> e.tsan() == tsan && Files.isExecutable(e.python())).findFirst().orElse(null);
    }

    static String versionKey(String v) {
        StringBuilder sb = new StringBuilder();
        for (String p : v.split("\\.")) {
            sb.append(String.format("%05d", p.matches("\\d+") ? Integer.parseInt(p) : 0));
        }
        return sb.toString();
    }

    /** A held cache lock (in-process and cross-process). */
    public static final class Lock implements AutoCloseable {
        private final ReentrantLock local;
        private final FileChannel channel;
        private final FileLock lock;

        private Lock(ReentrantLock local, FileChannel channel, FileLock lock) {
            this.local = local;
            this.channel = channel;
            this.lock = lock;
        }

        private boolean closed;

        @Override
        public synchronized void close() throws IOException {
            if (closed) return;
            closed = true;
            try {
                lock.release();
                channel.close();
            } finally {
                local.unlock();
            }
        }
    }

    /** Takes the named lock, waiting (and saying so) when another process holds it. */
    public Lock lock(String name, Progress progress) throws IOException {
        Files.createDirectories(root);
        Path file = root.resolve(name + ".lock");
        ReentrantLock local = IN_PROCESS.computeIfAbsent(file, f -> new ReentrantLock());
        if (!local.tryLock()) {
            progress.step("waiting for another provisioning of " + name + " in this process");
            local.lock();
        }
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l = ch.tryLock();
            if (l == null) {
                progress.step("waiting for another ftmigrate process provisioning " + name + " (" + file + ")");
                l = ch.lock();
            }
            return new Lock(local, ch, l);
        } catch (IOException | RuntimeException e) {
            local.unlock();
            throw e;
        }
    }
}
