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
 * virtualenv folders, and paths matching gitignore-style exclude patterns.
 */
public final class SourceWalker {
    static final Set<String> SKIP_DIRS = Set.of(".git", ".hg", ".svn", "build", "dist", "target", "node_modules",
            "__pycache__", ".tox", ".nox", ".venv", "venv", ".eggs", ".mypy_cache", ".pytest_cache");

    private final List<PathMatcher> excludes = new ArrayList<>();
    private final Path base;

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
            if (g.startsWith("/")) g = g.substring(1);
            else if (!g.startsWith("**/")) excludes.add(FileSystems.getDefault().getPathMatcher("glob:**/" + g));
            excludes.add(FileSystems.getDefault().getPathMatcher("glob:" + g));
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
                    if (attrs.isRegularFile() && (n.endsWith(".c") || n.endsWith(".h")) && !excluded(r, file)) out.add(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE; // unreadable entries are reported when read
                }
            });
        }
        return List.copyOf(out);
    }

    private boolean excluded(Path root, Path p) {
        if (root == null || excludes.isEmpty()) return false;
        Path rel = base != null && p.startsWith(base) ? base.relativize(p) : root.relativize(p);
        if (rel.toString().isEmpty()) return false;
        for (PathMatcher m : excludes) if (m.matches(rel)) return true;
        return false;
    }

}
