package dev.ftmigrate.analyzer.input;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds the C sources under the given paths: .c and .h files, skipping build output, VCS and
 * virtualenv folders, and paths matching gitignore-style exclude patterns. Entries it cannot or will not
 * read (symbolic links, FIFOs, devices, sockets, unreadable folders) are listed in {@link #skipped()}
 * with the reason, never dropped silently. A path given by the user must be a regular file or a folder.
 */
public final class SourceWalker {
    static final Set<String> SKIP_DIRS = Set.of(".git", ".hg", ".svn", "build", "dist", "target", "node_modules",
            "__pycache__", ".tox", ".nox", ".venv", "venv", ".eggs", ".mypy_cache", ".pytest_cache");

    private final List<PathMatcher> excludes = new ArrayList<>();
    private final Path base;
    private final List<Skipped> skipped = new ArrayList<>();

    /** An entry left out, and why. */
    public record Skipped(Path path, String reason) {
        public boolean source() {
            String n = path.getFileName() == null ? "" : path.getFileName().toString();
            return n.endsWith(".c") || n.endsWith(".h");
        }
    }

    /** Thrown for a path on the command line that is neither a regular file nor a folder. */
    public static final class NotAFile extends IOException {
        public NotAFile(Path p, String what) { super(p + ": " + what + ", not a regular file or directory"); }
    }

    /**
     * @param excludePatterns gitignore-style globs ("vendor/", "*_test.c", "third_party/**")
     * @param base            the directory patterns are relative to (the project root), or null
     */
    public SourceWalker(List<String> excludePatterns, Path base) {
        this.base = base == null ? null : base.toAbsolutePath().normalize();
        for (String p : excludePatterns) {
            String g = p.strip();
            if (g.isEmpty() || g.startsWith("#")) continue;
            if (g.endsWith("/")) g = g + "**";
            try {
                if (g.startsWith("/")) g = g.substring(1);
                else if (!g.startsWith("**/")) excludes.add(FileSystems.getDefault().getPathMatcher("glob:**/" + g));
                excludes.add(FileSystems.getDefault().getPathMatcher("glob:" + g));
            } catch (java.util.regex.PatternSyntaxException | UnsupportedOperationException e) {
                throw new IllegalArgumentException("invalid exclude pattern '" + p + "': "
                        + (e instanceof java.util.regex.PatternSyntaxException ps ? ps.getDescription() : e.getMessage()));
            }
        }
    }

    /** Sorted, de-duplicated files; a missing path is the user's mistake and throws. */
    public List<Path> walk(List<Path> roots) throws IOException {
        Set<Path> out = new TreeSet<>();
        for (Path root : roots) {
            Path r = root.toAbsolutePath().normalize();
            if (!Files.exists(r)) throw new NoSuchFileException(root.toString(), null, "no such file or directory");
            if (excluded(r.getParent(), r)) continue;
            if (Files.isRegularFile(r)) {
                out.add(r);
                continue;
            }
            if (!Files.isDirectory(r)) throw new NotAFile(root, kind(Files.readAttributes(r, BasicFileAttributes.class)));
            if (Files.isSymbolicLink(r)) {
                // A link named by the user is followed; found files keep paths below the link.
                Path real = r.toRealPath();
                SourceWalker inner = new SourceWalker(List.of(), null);
                inner.excludes.addAll(excludes);
                for (Path f : inner.walk(List.of(real))) out.add(r.resolve(real.relativize(f)));
                for (Skipped k : inner.skipped) skipped.add(new Skipped(r.resolve(real.relativize(k.path())), k.reason()));
                continue;
            }
            Files.walkFileTree(r, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (!dir.equals(r) && (SKIP_DIRS.contains(dir.getFileName().toString())
                            || dir.getFileName().toString().endsWith(".egg-info") || excluded(r, dir))) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    String n = file.getFileName().toString();
                    if (excluded(r, file)) return FileVisitResult.CONTINUE;
                    if (attrs.isRegularFile()) {
                        if (n.endsWith(".c") || n.endsWith(".h")) out.add(file);
                    } else {
                        // Links are not followed: they may lead out of the tree (and --apply would write there).
                        skipped.add(new Skipped(file, kind(attrs) + ", not followed"));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    skipped.add(new Skipped(file, "unreadable: " + reason(exc)));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) {
                    if (exc != null) skipped.add(new Skipped(dir, "folder not fully read: " + reason(exc)));
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        return List.copyOf(out);
    }

    /** Entries left out by the last {@link #walk}, sorted by path. */
    public List<Skipped> skipped() {
        List<Skipped> s = new ArrayList<>(skipped);
        s.sort(java.util.Comparator.comparing(Skipped::path));
        return s;
    }

    private static String kind(BasicFileAttributes a) {
        if (a.isSymbolicLink()) return "symbolic link";
        if (a.isDirectory()) return "folder";
        return "special file (FIFO, device or socket)";
    }

    private static String reason(IOException e) {
        String m = e.getMessage();
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        return m == null ? e.getClass().getSimpleName() : m;
    }

    private boolean excluded(Path root, Path p) {
        if (root == null || excludes.isEmpty()) return false;
        Path rel = base != null && p.startsWith(base) ? base.relativize(p) : root.relativize(p);
        if (rel.toString().isEmpty()) return false;
        for (PathMatcher m : excludes) if (m.matches(rel)) return true;
        return false;
    }

}
