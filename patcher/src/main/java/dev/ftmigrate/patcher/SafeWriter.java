package dev.ftmigrate.patcher;

import dev.ftmigrate.analyzer.SourceFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes changed files in place, all or nothing as far as a file system allows: every new file is
 * first staged as a temp file next to its target (same file system, so the final rename is atomic),
 * synced, with the target's mode, owner and group; then every target's current bytes are checked
 * against the scan-time hash; only when all match are the temp files moved over their targets. A
 * stale file means nothing is written at all. Symbolic links are written through, not replaced.
 * Unless forced, files that a rename would harm are refused before anything is written: read-only
 * files, files reached through a link that leaves the scanned tree, files with other hard links, and
 * files owned by someone else (when not root). Temp files and backups follow {@link AtomicFile}.
 */
public final class SafeWriter {
    private final boolean backups;
    private final boolean force;
    private final List<Path> roots;

    /** @param backups copy each original to {@code NAME.orig} (or {@code NAME.orig.N} if taken) first */
    public SafeWriter(boolean backups) {
        this(backups, false, List.of());
    }

    /**
     * @param force write read-only files, files outside {@code roots}, hard-linked and foreign files too
     * @param roots the scanned folders: a file whose real path is outside all of them is refused
     *              (empty: no such check)
     */
    public SafeWriter(boolean backups, boolean force, List<Path> roots) {
        this.backups = backups;
        this.force = force;
        List<Path> r = new ArrayList<>();
        for (Path p : roots) r.add(realOrAbsolute(p));
        this.roots = List.copyOf(r);
    }

    /** What a write did. */
    public record Result(List<Path> written, List<Path> backups) {}

    /** Files refused before anything was written, one reason each. */
    public static final class RefusedException extends IOException {
        private final List<String> reasons;

        RefusedException(List<String> reasons) {
            super(String.join("; ", reasons) + " (nothing was written; --force writes them anyway)");
            this.reasons = List.copyOf(reasons);
        }

        public List<String> reasons() { return reasons; }
    }

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
        checkHashes(todo);
        refuse(todo);
        Map<Path, Path> staged = new LinkedHashMap<>();
        try {
            for (var e : todo.entrySet()) {
                AtomicFile.removeLeftovers(e.getKey());
                staged.put(e.getKey(), AtomicFile.stage(e.getKey(), e.getValue().newBytes()));
            }
            refuseForeignOwner(staged);
            checkHashes(todo); // as late as possible: right before the moves
            List<Path> written = new ArrayList<>(), saved = new ArrayList<>();
            if (backups) for (Path t : staged.keySet()) if (!todo.get(t).created()) saved.add(AtomicFile.backup(t));
            for (var e : staged.entrySet()) {
                if (todo.get(e.getKey()).created()) {
                    // A new file: never over one that appeared since the scan.
                    Files.move(e.getValue(), e.getKey(), StandardCopyOption.ATOMIC_MOVE);
                } else {
                    AtomicFile.move(e.getValue(), e.getKey());
                }
                written.add(e.getKey());
                AtomicFile.syncDirectory(e.getKey().getParent());
            }
            staged.clear();
            return new Result(List.copyOf(written), List.copyOf(saved));
        } finally {
            for (Path tmp : staged.values()) Files.deleteIfExists(tmp);
        }
    }

    /** Removes the temp files of dead runs beside every given file; returns how many. */
    public static int removeLeftovers(Iterable<SourceFile> files) throws IOException {
        Set<Path> dirs = new java.util.TreeSet<>();
        for (SourceFile f : files) {
            Path p = f.path().toAbsolutePath().getParent();
            if (p != null) dirs.add(p);
        }
        int n = 0;
        for (Path d : dirs) n += AtomicFile.removeLeftoversIn(d);
        return n;
    }

    /** The real file behind the scanned path, so a symlink stays a symlink. */
    private static Path target(SourceFile f) throws IOException {
        try {
            return f.path().toRealPath();
        } catch (NoSuchFileException e) {
            return f.path().toAbsolutePath(); // reported as stale by checkHashes
        }
    }

    private static Path realOrAbsolute(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    private void refuse(Map<Path, FileChange> todo) throws IOException {
        List<String> reasons = new ArrayList<>();
        for (var e : todo.entrySet()) {
            Path t = e.getKey();
            Path named = e.getValue().source().path();
            if (e.getValue().created()) {
                // A file the patch creates: only its folder must be inside the tree; it must not exist yet (checked last).
                if (!force && !roots.isEmpty() && roots.stream().noneMatch(t.toAbsolutePath().normalize()::startsWith)) {
                    reasons.add(named + " would be created outside the scanned tree");
                }
                continue;
            }
            if (!Files.isRegularFile(t)) {
                reasons.add(named + " is not a regular file"); // never forced
                continue;
            }
            if (force) continue;
            PosixFileAttributes a = Files.readAttributes(t, PosixFileAttributes.class);
            Set<PosixFilePermission> perms = a.permissions();
            if (!perms.contains(PosixFilePermission.OWNER_WRITE) && !perms.contains(PosixFilePermission.GROUP_WRITE)
                    && !perms.contains(PosixFilePermission.OTHERS_WRITE)) {
                reasons.add(named + " is read-only");
            }
            if (!roots.isEmpty() && roots.stream().noneMatch(t::startsWith)) {
                reasons.add(named + " is a link to " + t + ", outside the scanned tree");
            }
            Object links = Files.getAttribute(t, "unix:nlink");
            if (links instanceof Integer n && n > 1) {
                reasons.add(named + " has " + n + " hard links (a rename would split them)");
            }
        }
        if (!reasons.isEmpty()) throw new RefusedException(reasons);
    }

    /** Not root and not ours: the rename would make the file ours. */
    private void refuseForeignOwner(Map<Path, Path> staged) throws IOException {
        if (force) return;
        List<String> reasons = new ArrayList<>();
        for (var e : staged.entrySet()) {
            if (!Files.exists(e.getKey(), LinkOption.NOFOLLOW_LINKS)) continue; // a file the patch creates
            var owner = Files.getOwner(e.getKey(), LinkOption.NOFOLLOW_LINKS);
            if (!owner.equals(Files.getOwner(e.getValue(), LinkOption.NOFOLLOW_LINKS))) {
                reasons.add(e.getKey() + " belongs to " + owner.getName() + " (patching it would change its owner)");
            }
        }
        if (!reasons.isEmpty()) throw new RefusedException(reasons);
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
}
