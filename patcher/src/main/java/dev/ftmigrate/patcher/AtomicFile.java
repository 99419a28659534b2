package dev.ftmigrate.patcher;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes an output file so that no reader ever sees half of it and nothing but a regular file is ever
 * replaced. A regular file (or a missing one) gets a temp file beside it, synced, then renamed over it,
 * keeping its mode, owner and group; a symbolic link is written through (the link stays); a device or
 * FIFO ({@code /dev/stdout}, a pipe) is simply written; a folder or socket is refused. Temp files are
 * named {@code .NAME.ftmigrate-tmp.PID}, so a later run recognises a dead run's leftovers and removes them.
 */
public final class AtomicFile {
    private static final String TMP = ".ftmigrate-tmp.";
    private static final Pattern LEFTOVER = Pattern.compile("\\.(.+)\\.ftmigrate-tmp\\.(\\d+)");

    private AtomicFile() {}

    /** What writes a file's new content (a report streamed as it is made). */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes {@code bytes} to {@code target} as described above. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, out -> out.write(bytes));
    }

    /** Writes what {@code content} writes to {@code target} as described above. */
    public static void write(Path target, Content bytes) throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        // /dev/stdout, /dev/fd/N, /proc/self/fd/N name an open file of ours: write into it, never replace it
        // (a rename would detach a shell's `>` or `>>` redirection from the report).
        if (abs.startsWith("/dev") || abs.startsWith("/proc")) {
            writeDirectly(abs, bytes);
            return;
        }
        Path real;
        if (Files.exists(abs)) {
            BasicFileAttributes a = Files.readAttributes(abs, BasicFileAttributes.class);
            if (a.isDirectory()) throw new IOException(target + " is a directory");
            if (!a.isRegularFile()) {
                writeDirectly(abs, bytes);
                return;
            }
            real = abs.toRealPath();
        } else {
            real = resolve(abs); // a new file, or a dangling link: create what it names
        }
        Path dir = real.getParent();
        if (dir != null) Files.createDirectories(dir);
        removeLeftovers(real);
        Path tmp = stage(real, bytes);
        try {
            move(tmp, real);
            syncDirectory(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Follows symbolic links to the file they name (which may not exist yet). */
    static Path resolve(Path target) throws IOException {
        Path p = target.toAbsolutePath();
        for (int hops = 0; Files.isSymbolicLink(p); hops++) {
            if (hops > 40) throw new IOException(target + ": too many levels of symbolic links");
            p = p.resolveSibling(Files.readSymbolicLink(p)).normalize();
        }
        return p;
    }

    /** A device, FIFO or open descriptor: written in place (appended to a regular file behind a descriptor). */
    private static void writeDirectly(Path p, Content bytes) throws IOException {
        boolean regular = Files.isRegularFile(p);
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(p, StandardOpenOption.WRITE,
                regular ? StandardOpenOption.APPEND : StandardOpenOption.WRITE), 1 << 16)) {
            bytes.writeTo(out);
        }
    }

    /** The temp name of {@code target} for this process. */
    static Path tempOf(Path target) {
        return target.resolveSibling("." + target.getFileName() + TMP + ProcessHandle.current().pid());
    }

    /**
     * Writes the bytes to this process's temp file beside {@code target}, synced, with the target's mode,
     * owner and group when it exists (the default mode for a new file otherwise, not 0600).
     */
    static Path stage(Path target, byte[] bytes) throws IOException {
        return stage(target, out -> out.write(bytes));
    }

    static Path stage(Path target, Content bytes) throws IOException {
        Path tmp = tempOf(target);
        Files.deleteIfExists(tmp);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            // Not closed here: that would close the channel before it is forced.
            OutputStream out = new java.io.BufferedOutputStream(java.nio.channels.Channels.newOutputStream(ch), 1 << 16);
            bytes.writeTo(out);
            out.flush();
            ch.force(true);
        } catch (IOException | RuntimeException | Error e) {
            // A report that fails half-way (or runs out of memory) leaves neither it nor the target touched.
            Files.deleteIfExists(tmp);
            throw e;
        }
        try {
            copyOwnership(target, tmp);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return tmp;
    }

    /** Mode, then owner and group (possible as root or when they are already ours). */
    static void copyOwnership(Path from, Path to) throws IOException {
        if (!Files.exists(from)) return;
        PosixFileAttributeView view = Files.getFileAttributeView(to, PosixFileAttributeView.class);
        if (view == null) return;
        PosixFileAttributes a = Files.readAttributes(from, PosixFileAttributes.class);
        PosixFileAttributes now = view.readAttributes();
        if (!now.owner().equals(a.owner())) {
            try {
                view.setOwner(a.owner());
            } catch (IOException e) {
                // not root: the file becomes ours, which SafeWriter refuses unless forced
            }
        }
        if (!now.group().equals(a.group())) {
            try {
                view.setGroup(a.group());
            } catch (IOException e) {
                // same as the owner
            }
        }
        view.setPermissions(a.permissions()); // after chown, which may clear set-id bits
    }

    static void move(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Removes temp files a killed run left beside {@code target} (any process's that is no longer
     * running); returns how many.
     */
    public static int removeLeftovers(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        if (dir == null || !Files.isDirectory(dir)) return 0;
        String name = target.getFileName().toString();
        int n = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "." + globQuote(name) + "*" + TMP + "*")) {
            for (Path p : ds) if (isDeadLeftover(p)) { Files.deleteIfExists(p); n++; }
        }
        return n;
    }

    /** Removes every dead run's temp file in {@code dir} (not below it); returns how many. */
    public static int removeLeftoversIn(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return 0;
        int n = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, ".*" + TMP + "*")) {
            for (Path p : ds) if (isDeadLeftover(p)) { Files.deleteIfExists(p); n++; }
        }
        return n;
    }

    private static boolean isDeadLeftover(Path p) {
        Matcher m = LEFTOVER.matcher(p.getFileName().toString());
        if (!m.matches() || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) return false;
        long pid = Long.parseLong(m.group(2));
        return pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
    }

    private static String globQuote(String s) {
        return s.replaceAll("([\\\\*?\\[\\]{}])", "\\\\$1");
    }

    /**
     * Copies {@code target} to a backup beside it without ever showing a partial backup: the copy is
     * staged as a temp file, synced, then linked to the first free name of {@code NAME.orig},
     * {@code NAME.orig.1}, ... An existing backup with the same bytes is reused.
     */
    static Path backup(Path target) throws IOException {
        byte[] bytes = Files.readAllBytes(target);
        String name = target.getFileName() + ".orig";
        Path tmp = null;
        try {
            for (int n = 0; ; n++) {
                Path b = target.resolveSibling(n == 0 ? name : name + "." + n);
                if (Files.isRegularFile(b, LinkOption.NOFOLLOW_LINKS) && java.util.Arrays.equals(Files.readAllBytes(b), bytes)) return b;
                if (Files.exists(b, LinkOption.NOFOLLOW_LINKS)) continue; // never overwrite an older backup
                if (tmp == null) tmp = stage(b, bytes);
                try {
                    Files.createLink(b, tmp); // fails if b appeared meanwhile: never replaces anything
                } catch (FileAlreadyExistsException e) {
                    continue;
                } catch (UnsupportedOperationException | IOException e) {
                    if (Files.exists(b, LinkOption.NOFOLLOW_LINKS)) continue;
                    Files.move(tmp, b); // no hard links here: a plain rename (no replace)
                    tmp = null;
                    return b;
                }
                copyOwnership(target, b);
                return b;
            }
        } finally {
            if (tmp != null) Files.deleteIfExists(tmp);
        }
    }

    /** Makes a rename durable; not every platform can open a folder, which is fine. */
    static void syncDirectory(Path dir) {
        if (dir == null) return;
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // best effort
        }
    }
}
