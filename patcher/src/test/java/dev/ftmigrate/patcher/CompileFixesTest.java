package dev.ftmigrate.patcher;

import dev.ftmigrate.analyzer.SourceFile;
import dev.ftmigrate.rules.Finding;
import dev.ftmigrate.rules.FixSafety;
import dev.ftmigrate.rules.engine.Analysis;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The patches must build: every expected fixture output and every sample extension patched with
 * review fixes included is compiled with gcc -fsyntax-only -Wall -Werror=implicit-function-declaration
 * against each set of CPython headers found here: the system python3 (GIL), pyenv's 3.9 and
 * 3.13 when present, and the free-threaded 3.13t the runtime harness caches. A missing set is
 * skipped with a message. The patched samples are also re-scanned: only the hazards whose fix
 * was declined remain, and a second run proposes nothing.
 */
class CompileFixesTest {
    static final Path SAMPLES = Path.of("../sample-extensions");
    @TempDir
    static Path scratch;
    private static Path patchedSamples;
    private static Analysis.Result before;
    private static FixPlan plan;

    record Headers(String name, Path dir) {
        @Override public String toString() { return name; }
    }

    static Stream<Headers> headers() {
        List<Headers> out = new ArrayList<>();
        out.add(new Headers("system python3 (GIL)", systemIncludes()));
        Path home = Path.of(System.getProperty("user.home"));
        out.add(new Headers("free-threaded 3.13t", home.resolve(".cache/ftmigrate/cpython-3.13.5-ft/include/python3.13t")));
        for (String v : List.of("3.9", "3.13")) out.add(new Headers("pyenv " + v + " (GIL)", pyenv(home, v)));
        return out.stream();
    }

    private static Path systemIncludes() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import sysconfig; print(sysconfig.get_paths()['include'])").start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 ? Path.of(out) : Path.of("/nonexistent");
        } catch (IOException | InterruptedException e) {
            return Path.of("/nonexistent");
        }
    }

    private static Path pyenv(Path home, String version) {
        Path versions = home.resolve(".pyenv/versions");
        if (!Files.isDirectory(versions)) return Path.of("/nonexistent");
        try (Stream<Path> s = Files.list(versions)) {
            return s.filter(p -> p.getFileName().toString().matches(java.util.regex.Pattern.quote(version) + "\\.\\d+"))
                    .sorted().map(p -> p.resolve("include/python" + version)).filter(Files::isDirectory)
                    .reduce((a, b) -> b).orElse(Path.of("/nonexistent"));
        } catch (IOException e) {
            return Path.of("/nonexistent");
        }
    }

    @BeforeAll
    static void patchSamples() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(SAMPLES)) {
            files = s.filter(p -> p.toString().endsWith(".c")).sorted().toList();
        }
        before = Fixing.scanTree(files, SAMPLES);
        plan = FixPlan.of(before.scan(), before.sources(), true);
        patchedSamples = Files.createTempDirectory(scratch, "patched-samples");
        for (SourceFile src : before.sources()) {
            Path out = patchedSamples.resolve(src.relPath());
            Files.createDirectories(out.getParent());
            Files.write(out, Files.readAllBytes(src.path()));
        }
        for (FileChange c : plan.changes()) {
            Files.createDirectories(patchedSamples.resolve(c.relPath()).getParent());
            Files.write(patchedSamples.resolve(c.relPath()), c.newBytes());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headers")
    void fixturesAndPatchedSamplesCompile(Headers h) throws Exception {
        boolean present = Files.isRegularFile(h.dir().resolve("Python.h"));
        if (!present) System.err.println("CompileFixesTest: SKIPPED " + h.name() + ": no Python.h in " + h.dir());
        assumeTrue(present, h.name() + " headers not found at " + h.dir() + ": compile check skipped");
        Map<String, String> failures = new TreeMap<>();
        List<Path> fixed;
        try (Stream<Path> s = Files.walk(FixTest.ROOT)) {
            fixed = s.filter(p -> p.toString().endsWith(".fixed.c")).sorted().toList();
        }
        for (Path f : fixed) {
            Path in = f.resolveSibling(f.getFileName().toString().replace(".fixed.c", ".c"));
            compile(h, f, in, failures, List.of());
            // Off Linux: a declaration the patch added inside a platform branch must still be seen by every use.
            compile(h, f, in, failures, List.of("-U__linux__", "-U__linux", "-Ulinux"));
        }
        for (FileChange c : plan.changes()) {
            if (c.relPath().endsWith(".c")) compile(h, patchedSamples.resolve(c.relPath()), c.source().path(), failures, List.of());
        }
        assertTrue(fixed.size() > 10 && !plan.changes().isEmpty(), "there is something to compile");
        assertTrue(failures.isEmpty(), "with " + h.name() + ":\n" + String.join("\n", failures.values()));
    }

    /** Compiles {@code file}; when {@code original} compiles with fewer warnings, that is a failure too. */
    private static void compile(Headers h, Path file, Path original, Map<String, String> failures, List<String> defs) throws Exception {
        if (original != null) {
            Gcc o = gcc(h, original, defs);
            if (o.code() != 0) return; // the sample itself does not build with these headers: nothing to compare
        }
        Gcc r = gcc(h, file, defs);
        String key = file + (defs.isEmpty() ? "" : " " + String.join(" ", defs));
        if (r.code() != 0) { failures.put(key, key + ":\n" + r.output()); return; }
        if (original != null) {
            Gcc o = gcc(h, original, defs);
            if (r.warnings() > o.warnings()) failures.put(key, key + ": new warnings:\n" + r.output());
        } else if (r.warnings() > 0) {
            failures.put(key, key + ": warnings:\n" + r.output());
        }
    }

    record Gcc(int code, String output) {
        long warnings() { return output.lines().filter(l -> l.contains("warning:")).count(); }
    }

    private static Gcc gcc(Headers h, Path file, List<String> defs) throws Exception {
        // The fixtures' compat header sits at the root of the fixtures (FixTest checks it is the one created).
        List<String> cmd = new ArrayList<>(List.of("gcc", "-fsyntax-only", "-Wall", "-Werror=implicit-function-declaration"));
        cmd.addAll(defs);
        cmd.addAll(List.of("-I" + h.dir(), "-I" + FixTest.ROOT.toAbsolutePath(), file.toAbsolutePath().toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) { p.destroyForcibly(); return new Gcc(-1, "timeout"); }
        return new Gcc(p.exitValue(), out);
    }

    @org.junit.jupiter.api.Test
    void rescanOfPatchedSamplesFindsOnlyDeclinedHazards() {
        List<Path> files = plan.changes().stream().map(c -> patchedSamples.resolve(c.relPath())).toList();
        Analysis.Result after = Fixing.scanTree(files, patchedSamples);
        Map<String, Long> declined = new TreeMap<>(), left = new TreeMap<>();
        for (Finding f : before.scan().findings()) {
            boolean changedFile = plan.changes().stream().anyMatch(c -> c.relPath().equals(f.location().relPath()));
            if (changedFile && fixable(f.ruleId()) && (f.fix().isEmpty() || f.fix().get().safety() == FixSafety.ADVICE)) {
                declined.merge(f.ruleId(), 1L, Long::sum);
            }
        }
        for (Finding f : after.scan().findings()) if (fixable(f.ruleId())) left.merge(f.ruleId(), 1L, Long::sum);
        assertEquals(declined, left, "hazards left after patching the samples: " + after.scan().findings());
        FixPlan again = FixPlan.of(after.scan(), after.sources(), true);
        assertTrue(again.summary().nothingToDo(), "a second run proposes nothing: " + again.summary());
    }

    /** Rules that have fixes today. */
    private static boolean fixable(String id) {
        return id.matches("FT10[1234]|FT20[12]|FT30[1-7]|FT40[1-5]|FT501");
    }
}
