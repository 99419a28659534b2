package dev.ftmigrate.patcher;

import dev.ftmigrate.analyzer.SourceFile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes changed files in place, all or nothing as far as a file system allows: every new file is
 * first staged as a temp file next to its target (same file system, so the final rename is
 * atomic) and synced; then every target's current bytes are checked against the scan-time hash;
 * only when all match are the temp files moved over their targets. A stale file means nothing is
 * written at all. Permissions are carried over; symbolic links are written through, not replaced.
 */
public final class SafeWriter {
    private final boolean backups;

    /** @param backups copy each original to {@code NAME.orig} (or {@code NAME.orig.N} if taken) first */
    public SafeWriter(boolean backups) {
        this.backups = backups;
    }

    /** What a write did. */
    public record Result(List<Path> written, List<Path> backups) {}

    /** Writes every change whose text differs from the scanned text; unchanged files are not touched. */
    public Result write(List<FileChange> changes) throws IOException {
        Map<Path, FileChange> todo = new LinkedHashMap<>();
        for (FileChange c : changes) {
            if (!c.changed() || c.bytesUnchanged()) continue;
            // Two scanned paths for one file (a link and its target): one change would be lost.
            if (todo.put(target(c.source()), c) != null) {
                throw new IllegalArgumentException(c.source().path() + " is changed twice in one batch (same file as another path)");
            }
        }
        Map<Path, Path> staged = new LinkedHashMap<>();
        try {
            for (var e : todo.entrySet()) staged.put(e.getKey(), stage(e.getKey(), e.getValue().newBytes()));
            checkHashes(todo); // as late as possible: right before the moves
            List<Path> written = new ArrayList<>(), saved = new ArrayList<>();
            if (backups) for (Path t : staged.keySet()) if (!todo.get(t).created()) saved.add(backup(t));
            for (var e : staged.entrySet()) {
                if (todo.get(e.getKey()).created()) {
                    // A new file: never over one that appeared since the scan.
                    Files.move(e.getValue(), e.getKey(), StandardCopyOption.ATOMIC_MOVE);
                } else {
                    Files.move(e.getValue(), e.getKey(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                }
                written.add(e.getKey());
                syncDirectory(e.getKey().getParent());
            }
            staged.clear();
            return new Result(List.copyOf(written), List.copyOf(saved));
        } finally {
            for (Path tmp : staged.values()) Files.deleteIfExists(tmp);
        }
    }

    /** The real file behind the scanned path, so a symlink stays a symlink. */
    private static Path target(SourceFile f) throws IOException {
        try {
            return f.path().toRealPath();
        } catch (NoSuchFileException e) {
            return f.path().toAbsolutePath(); // reported as stale by checkHashes
        }
    }

    private static void checkHashes(Map<Path, FileChange> todo) throws IOException {
        List<Path> stale = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        for (var e : todo.entrySet()) {
            SourceFile src = e.getValue().source();
            String now = Files.exists(e.getKey()) ? SourceFile.sha256(Files.readAllBytes(e.getKey())) : null;
            if (e.getValue().created()) {
                if (now != null) {
                    stale.add(e.getKey());
                    messages.add(src.path() + " appeared since the scan; re-run the scan");
                }
            } else if (!src.sha256().equals(now)) {
                stale.add(e.getKey());
                messages.add(src.path() + (now == null ? " was removed" : " changed") + " since it was scanned; re-run the scan");
            }
        }
        if (!stale.isEmpty()) throw new StaleFileException(stale, messages);
    }

    private static Path stage(Path target, byte[] bytes) throws IOException {
        Path dir = target.getParent();
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".ftmigrate-tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) ch.write(buf);
            ch.force(true);
        }
        copyPermissions(target, tmp);
        return tmp;
    }

    private static void copyPermissions(Path from, Path to) throws IOException {
        PosixFileAttributeView src = Files.getFileAttributeView(from, PosixFileAttributeView.class);
        PosixFileAttributeView dst = Files.getFileAttributeView(to, PosixFileAttributeView.class);
        if (src != null && dst != null && !Files.exists(from)) {
            // A created file: what a text file usually gets (temp files start as owner-only).
            dst.setPermissions(java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            return;
        }
        if (src == null || !Files.exists(from)) return;
        Set<PosixFilePermission> perms = src.readAttributes().permissions();
        Files.getFileAttributeView(to, PosixFileAttributeView.class).setPermissions(perms);
    }

    private static Path backup(Path target) throws IOException {
        String name = target.getFileName() + ".orig";
        // Never overwrite an older backup: it may be the only copy of the true original.
        for (int n = 0; ; n++) {
            Path b = target.resolveSibling(n == 0 ? name : name + "." + n);
            try {
                Files.copy(target, b, StandardCopyOption.COPY_ATTRIBUTES);
                return b;
            } catch (FileAlreadyExistsException e) {
                // try the next number
            }
        }
    }

    /** Makes the rename durable; not every platform can open a directory, which is fine. */
    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort
        }
    }
}
