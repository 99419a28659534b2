package dev.ftmigrate.analyzer.input;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * A project-local cache folder (like ruff's {@code .ruff_cache}): entries are small files named by a
 * key, written atomically (a reader sees a whole entry or none), ignored by git through a
 * {@code .gitignore} of its own and tagged for backup tools with {@code CACHEDIR.TAG}.
 */
public final class CacheDir {
    public static final String NAME = ".ftmigrate_cache";

    private final Path root;

    public CacheDir(Path root) { this.root = root; }

    public Path root() { return root; }

    /** The entry's text, or empty when it is missing or unreadable (a cache is never a reason to fail). */
    public Optional<String> read(String key) {
        return readBytes(key).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /** The entry's bytes, or empty when it is missing or unreadable. */
    public Optional<byte[]> readBytes(String key) {
        try {
            return Optional.of(Files.readAllBytes(file(key)));
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
