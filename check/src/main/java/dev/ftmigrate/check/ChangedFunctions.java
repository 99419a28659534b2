package dev.ftmigrate.check;

import dev.ftmigrate.analyzer.FileFacts;
import dev.ftmigrate.analyzer.SourceFile;
import dev.ftmigrate.rules.Finding;
import dev.ftmigrate.rules.ScanResult;
import dev.ftmigrate.runtime.Exec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PR mode ({@code scan --diff-base REF}): keeps the findings in functions that changed since {@code REF}, by git.
 * A function changed when a line of it differs ({@code git diff -U0 REF}, new-side lines); a file git does not know
 * yet is all new; a finding at file scope is kept when its own line changed.
 */
public final class ChangedFunctions {
    private static final Pattern HUNK = Pattern.compile("^@@ -\\S+ \\+(\\d+)(?:,(\\d+))? @@");

    private ChangedFunctions() {}

    /** Thrown for a bad REF or a tree outside git: the CLI makes it a one-line usage error. */
    public static final class GitError extends RuntimeException {
        GitError(String m) { super(m); }
    }

    /** @param facts the scan's facts by relative path: where each function of a file starts and ends (no second parse) */
    public static ScanResult filter(ScanResult scan, Collection<SourceFile> sources, Map<String, FileFacts> facts, String ref)
            throws IOException {
        Map<String, SourceFile> byRel = new HashMap<>();
        for (SourceFile s : sources) byRel.put(s.relPath(), s);
        Map<Path, Changes> changes = new HashMap<>();
        List<Finding> kept = new ArrayList<>();
        for (Finding f : scan.findings()) {
            SourceFile src = byRel.get(f.location().relPath());
            if (src == null || src.path() == null) continue;
            Path file = src.path().toAbsolutePath().normalize();
            Changes ch = changes.get(file);
            if (ch == null) changes.put(file, ch = changes(file, ref));
            if (ch.allNew) {
                kept.add(f);
                continue;
            }
            FileFacts.Fn fn = enclosing(facts.get(f.location().relPath()), f.location().startOffset());
            int from = f.location().startLine();
            int to = f.location().startLine();
            if (fn != null) {
                from = src.line(fn.start());
                to = src.line(Math.max(fn.start(), fn.end() - 1));
            }
            if (ch.touches(from, to)) kept.add(f);
        }
        return new ScanResult(kept, scan.files(), scan.rules(), scan.suppressed(), scan.baselined());
    }

    /** The function of the file (not of an included header) whose definition holds the offset, or null. */
    private static FileFacts.Fn enclosing(FileFacts facts, int offset) {
        if (facts == null) return null;
        for (FileFacts.Fn fn : facts.functions()) if (!fn.included() && fn.start() <= offset && offset < fn.end()) return fn;
        return null;
    }

    private record Changes(boolean allNew, List<int[]> lines) {
        boolean touches(int from, int to) {
            for (int[] r : lines) if (r[0] <= to && from <= r[1]) return true;
            return false;
        }
    }


    private static Changes changes(Path file, String ref) throws IOException {
        Path dir = file.getParent();
        Exec.Result known = Exec.capture(List.of("git", "-C", dir.toString(), "ls-files", "--error-unmatch",
                file.getFileName().toString()), dir, Map.of("LC_ALL", "C"), 60);
        if (!known.ok()) {
            if (known.stderr().contains("not a git repository")) throw new GitError(dir + " is not in a git repository");
            return new Changes(true, List.of());
        }
        Exec.Result r = Exec.capture(List.of("git", "-C", dir.toString(), "diff", "-U0", "--no-color", "--no-ext-diff",
                ref, "--", file.getFileName().toString()), dir, Map.of("LC_ALL", "C"), 120);
        if (!r.ok()) throw new GitError("git diff " + ref + " failed: " + r.stderr().strip().lines().findFirst().orElse(""));
        if (r.stdout().contains("\nnew file mode")) return new Changes(true, List.of());
        List<int[]> lines = new ArrayList<>();
        for (String l : r.stdout().split("\n")) {
            Matcher m = HUNK.matcher(l);
            if (!m.find()) continue;
            int start = Integer.parseInt(m.group(1));
            int count = m.group(2) == null ? 1 : Integer.parseInt(m.group(2));
            // A pure deletion (count 0) sits between lines start and start+1: it changes the function around it.
            lines.add(count == 0 ? new int[]{start, start + 1} : new int[]{start, start + count - 1});
        }
        return new Changes(false, lines);
    }
}
