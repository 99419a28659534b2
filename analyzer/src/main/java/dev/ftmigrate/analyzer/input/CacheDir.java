package dev.ftmigrate.analyzer.input;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A project-local cache folder (like ruff's {@code .ruff_cache}): entries are small files named by a
 * key, written atomically (a reader sees a whole entry or none), ignored by git through a
 * {@code .gitignore} of its own and tagged for backup tools with {@code CACHEDIR.TAG}.
 *
 * <p>Every edit of a file and every new build of the tool keys new entries, so the folder would only
 * grow: an entry's modification time is its last use (a read sets it), and {@link #pruneIfDue} drops
 * what no scan used for {@link #UNUSED_FOR}, at most once per {@link #SWEEP_EVERY}.
 */
public final class CacheDir {
    public static final String NAME = ".ftmigrate_cache";
    /** An entry no scan read or wrote for this long is removed by the next sweep. */
    public static final Duration UNUSED_FOR = Duration.ofDays(7);
    /** How often a scan sweeps the folder (the time of the last sweep is the marker file's). */
    public static final Duration SWEEP_EVERY = Duration.ofDays(1);
    private static final String SWEPT = ".last-sweep";
    /** A temporary file this old was left by a writer that died. */
    private static final Duration ABANDONED = Duration.ofHours(1);

    private final Path root;
    private final Clock clock;

    public CacheDir(Path root) { this(root, Clock.systemUTC()); }

    /** @param clock the time entries are marked used with and compared against (tests move it) */
    public CacheDir(Path root, Clock clock) {
        this.root = root;
        this.clock = clock;
    }

    public Path root() { return root; }

    /** The entry's text, or empty when it is missing or unreadable (a cache is never a reason to fail). */
    public Optional<String> read(String key) {
        return readBytes(key).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /** The entry's bytes, or empty when it is missing or unreadable. */
    public Optional<byte[]> readBytes(String key) {
        try {
            Path f = file(key);
            byte[] bytes = Files.readAllBytes(f);
            markUsed(f);
            return Optional.of(bytes);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /** Writes an entry atomically; a failure leaves the cache as it was (the scan goes on). */
    public boolean write(String key, String text) {
        return write(key, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes an entry's bytes atomically; a failure leaves the cache as it was. */
    public boolean write(String key, byte[] data) {
        try {
            Path f = file(key);
            Files.createDirectories(f.getParent());
            ensureMarkers();
            Path tmp = Files.createTempFile(f.getParent(), ".tmp-", ".part");
            try {
                Files.write(tmp, data);
                try {
                    Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            return true;
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    /** Removes the whole cache folder; true when something was removed. */
    public boolean clean() throws IOException {
        if (!Files.isDirectory(root)) return false;
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
        return true;
    }

    /** Marks an entry used now, for a reader that holds it decoded already (the daemon's memory). */
    public void markUsed(String key) {
        markUsed(file(key));
    }

    private void markUsed(Path f) {
        try {
            Files.setLastModifiedTime(f, FileTime.from(clock.instant()));
        } catch (IOException | UncheckedIOException e) {
            // a read-only cache still serves; its entries then age from their writing
        }
    }

    /**
     * Sweeps the folder when no sweep ran for {@link #SWEEP_EVERY} (or none ever did): see {@link #prune}.
     * Called at the end of a scan, after it marked what it used. Never fails a scan.
     * @return entries removed (0 when no sweep was due)
     */
    public int pruneIfDue() {
        if (!Files.isDirectory(root)) return 0;
        Path marker = root.resolve(SWEPT);
        try {
            Instant now = clock.instant();
            if (Files.exists(marker) && Files.getLastModifiedTime(marker).toInstant().isAfter(now.minus(SWEEP_EVERY))) return 0;
            int removed = prune(UNUSED_FOR);
            Files.write(marker, new byte[0]);
            Files.setLastModifiedTime(marker, FileTime.from(now));
            return removed;
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    /**
     * Removes the entries not read or written for {@code unused}, and temporary files a writer left
     * when it died. A scan running meanwhile at worst misses an entry and writes it again.
     * @return entries removed
     */
    public int prune(Duration unused) throws IOException {
        if (!Files.isDirectory(root)) return 0;
        Instant now = clock.instant();
        Instant stale = now.minus(unused), abandoned = now.minus(ABANDONED);
        int removed = 0;
        try (DirectoryStream<Path> folders = Files.newDirectoryStream(root, "[0-9a-f][0-9a-f]")) {
            for (Path folder : folders) {
                if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) continue;
                try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
                    for (Path f : files) {
                        String name = f.getFileName().toString();
                        boolean entry = name.endsWith(".bin"), part = name.startsWith(".tmp-") && name.endsWith(".part");
                        if (!entry && !part) continue;
                        BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                        if (!a.isRegularFile() || !a.lastModifiedTime().toInstant().isBefore(entry ? stale : abandoned)) continue;
                        if (Files.deleteIfExists(f) && entry) removed++;
                    }
                }
            }
        }
        return removed;
    }

    /** Entries fan out over 256 folders by the key's first two characters. */
    private Path file(String key) {
        if (!key.matches("[0-9a-f]{8,}")) throw new IllegalArgumentException("bad cache key " + key);
        return root.resolve(key.substring(0, 2)).resolve(key + ".bin");
    }

    private void ensureMarkers() throws IOException {
        Path ignore = root.resolve(".gitignore");
        if (!Files.exists(ignore)) Files.writeString(ignore, "# Created by ftmigrate\n*\n");
        Path tag = root.resolve("CACHEDIR.TAG");
        if (!Files.exists(tag)) {
            Files.writeString(tag, "Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by ftmigrate.\n");
        }
    }
}
