package dev.ftmigrate.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What a user runs: the {@code ./ftmigrate} launcher on the shaded jar the package phase made (the
 * unit tests run the classes instead). Runs after {@code package} (failsafe).
 */
class LauncherIT {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path JAR = ROOT.resolve("cli/target/ftmigrate.jar");

    record Run(int exit, String out, String err) { }

    static Run launcher(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", ROOT.resolve("ftmigrate").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile());
        pb.environment().remove("FTMIGRATE_JAVA_OPTS");
        pb.environment().put("FTMIGRATE_NO_DAEMON", "1");
        pb.environment().putAll(env);
        Path err = Files.createTempFile("launcher", ".err");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        byte[] out;
        try (InputStream in = p.getInputStream()) { out = in.readAllBytes(); }
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "launcher timed out");
        String e = Files.readString(err);
        Files.delete(err);
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), e);
    }

    @Test
    void theReadmesFirstCommandScansTheSamplesAndGatesOnTheirFindings() throws Exception {
        Run r = launcher(Map.of(), "scan", "sample-extensions");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.out().contains("FT301"), r.out());
        assertTrue(r.out().contains("none with parse problems"), r.out());
    }

    @Test
    void aMistakeIsOneLineAndExitTwo() throws Exception {
        Run r = launcher(Map.of(), "scan", "sample-extensions", "--no-such-option");
        assertEquals(2, r.exit(), r.err());
        assertEquals("", r.out());
        List<String> lines = r.err().lines().filter(l -> !l.contains("start-up cache")).toList();
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.get(0).startsWith("ftmigrate: ") && lines.get(0).contains("--no-such-option"), r.err());
    }

    /** The JVM's start-up cache skips classes older than Java 6; the build re-emits picocli's (Java 5). */
    @Test
    void noClassInTheJarIsTooOldForTheStartUpCache() throws IOException {
        List<String> old = new ArrayList<>();
        int classes = 0;
        try (ZipFile z = new ZipFile(JAR.toFile())) {
            for (ZipEntry e : z.stream().toList()) {
                if (!e.getName().endsWith(".class") || e.getName().startsWith("META-INF/versions/")) continue;
                classes++;
                try (InputStream in = z.getInputStream(e)) {
                    byte[] head = in.readNBytes(8);
                    if (((head[6] & 0xFF) << 8 | (head[7] & 0xFF)) < 50) old.add(e.getName());
                }
            }
        }
        assertTrue(classes > 1000, "classes: " + classes);
        assertTrue(old.isEmpty(), old.size() + " classes older than Java 6, e.g. " + old.subList(0, Math.min(3, old.size())));
    }

    /**
     * The scan cache is keyed on the jar's contents, not its time: a CI job that builds the same
     * sources afresh (a new jar, a new time) still finds the cache an earlier job kept.
     */
    @Test
    void aRebuiltJarOfTheSameSourcesKeepsTheScanCache(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path c = tmp.resolve("m.c");
        Files.writeString(c, "static int f(PyObject *o) { return o->ob_refcnt; }\n");
        Path report = tmp.resolve("report.json");
        String[] scan = {"scan", c.toString(), "--cache-dir", tmp.resolve("cache").toString(), "--fail-on", "never",
                "--format", "json", "--output", report.toString()};
        Run first = launcher(Map.of(), scan);
        assertEquals(0, first.exit(), first.err());
        assertFalse(first.err().contains("from the cache"), first.err());
        String before = Files.readString(report);
        Files.setLastModifiedTime(JAR, FileTime.from(Instant.now()));
        Run again = launcher(Map.of(), scan);
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.err().contains("0 parsed, 1 from the cache"), again.err());
        assertEquals(before, Files.readString(report));
    }

    /**
     * A start-up cache made again for a rebuilt jar of the same sources still holds the parser: its
     * training scan must parse, though the samples' results of that build may already be cached.
     */
    @Test
    void aRemadeStartUpCacheStillHoldsTheParser(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        assertEquals(1, launcher(Map.of(), "scan", "sample-extensions", "--format", "sarif", "--output", tmp.resolve("a.sarif").toString()).exit());
        Files.setLastModifiedTime(JAR, FileTime.from(Instant.now()));
        assertEquals(0, launcher(Map.of(), "--version").exit(), "the start-up cache is made again here");
        Path c = tmp.resolve("m.c"), log = tmp.resolve("classes.log");
        Files.writeString(c, "static int n;\nint f(void) { return n++; }\n");
        Run r = launcher(Map.of("FTMIGRATE_JAVA_OPTS", "-Xlog:class+load=info:file=" + log), "scan", c.toString(), "--no-cache", "--fail-on", "never");
        assertEquals(0, r.exit(), r.err());
        assertLoadedFromTheStartUpCache(log, "org.eclipse.cdt.internal.core.dom.parser.c.GNUCSourceParser");
    }

    /**
     * {@code scan --daemon} (the pre-commit hooks pass it) leaves a daemon behind, and the next scan
     * is served by it with the same output; under CI it starts none.
     */
    @Test
    void aScanWithDaemonLeavesOneThatServesTheNextScans() throws Exception {
        Map<String, String> local = Map.of("FTMIGRATE_NO_DAEMON", "", "CI", "");
        String[] scan = {"scan", "sample-extensions/racy_counter", "--fail-on", "never", "--daemon"};
        try {
            assertEquals(1, launcher(local, "daemon", "status").exit(), "no daemon before");
            Run ci = launcher(Map.of("FTMIGRATE_NO_DAEMON", "", "CI", "true"), scan);
            assertEquals(0, ci.exit(), ci.err());
            assertFalse(ci.err().contains("started a daemon"), ci.err());
            Run first = launcher(local, scan);
            assertEquals(0, first.exit(), first.err());
            assertTrue(first.err().contains("started a daemon for this folder"), first.err());
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (launcher(local, "daemon", "status").exit() != 0) {
                assertTrue(System.nanoTime() < deadline, "the daemon answers within a minute");
                Thread.sleep(200);
            }
            Run second = launcher(local, scan);
            assertEquals(0, second.exit(), second.err());
            assertEquals(first.out(), second.out());
            assertFalse(second.err().contains("started a daemon"), second.err());
            assertTrue(launcher(local, "daemon", "status").out().contains("1 scan(s) served"), "the second scan was the daemon's");
            assertEquals(first.out(), ci.out());
        } finally {
            launcher(local, "daemon", "stop");
        }
    }

    /** The class-load log says the class was loaded once, from the start-up cache (not from the jar). */
    private static void assertLoadedFromTheStartUpCache(Path log, String className) throws IOException {
        List<String> loads = Files.readAllLines(log).stream().filter(l -> l.contains(" " + className + " ")).toList();
        assertEquals(1, loads.size(), loads.toString());
        assertTrue(loads.get(0).contains("shared objects file"), loads.get(0));
    }

    /**
     * A restored CI cache in a fresh checkout: every source newer than the jar, the same contents. The
     * launcher compares the digest recorded at the build, uses the jar as it is, and leaves its time
     * alone, so the JVM start-up cache made for it still maps.
     */
    @Test
    void aJarOlderByTimeButBuiltFromTheSameSourcesIsNotRebuilt() throws Exception {
        assertEquals(0, launcher(Map.of(), "--version").exit(), "the start-up cache exists");
        Run digest = launcher(Map.of("FTMIGRATE_PRINT_INPUTS", "1"));
        assertEquals(0, digest.exit(), digest.err());
        assertTrue(digest.out().strip().matches("[0-9a-f]{32}"), digest.out());
        Path stamp = JAR.resolveSibling("ftmigrate.jar.inputs");
        Files.writeString(stamp, digest.out());
        Instant now = Instant.now();
        Files.setLastModifiedTime(stamp, FileTime.from(now.minusSeconds(3600)));
        FileTime jarTime = Files.getLastModifiedTime(JAR);
        Path source = ROOT.resolve("cli/src/main/java/dev/ftmigrate/cli/Main.java");
        FileTime sourceTime = Files.getLastModifiedTime(source);
        // Newer than the jar and the stamp, as a checkout makes it (the jar was built in the last minutes).
        FileTime checkout = FileTime.from(
                Instant.ofEpochMilli(Math.max(jarTime.toMillis(), now.minusSeconds(3600).toEpochMilli()) + 1000));
        try {
            Files.setLastModifiedTime(source, checkout);
            while (Instant.now().isBefore(checkout.toInstant().plusMillis(1100))) Thread.sleep(100);
            Run r = launcher(Map.of(), "--version");
            assertEquals(0, r.exit(), r.err());
            assertEquals("ftmigrate 0.1.0", r.out().strip());
            assertFalse(r.err().contains("building the CLI"), r.err());
            assertFalse(r.err().contains("creating the start-up cache"), "the start-up cache still holds: " + r.err());
            assertEquals(jarTime, Files.getLastModifiedTime(JAR), "the jar's time is left alone");
            assertTrue(Files.getLastModifiedTime(stamp).compareTo(checkout) > 0, "the stamp vouches for it now");
        } finally {
            Files.setLastModifiedTime(source, sourceTime);
        }
    }

    /** With the cache the launcher made, picocli comes from it, not from the jar. */
    @Test
    void picocliLoadsFromTheStartUpCache() throws Exception {
        assertEquals(0, launcher(Map.of(), "--version").exit());
        Path log = Files.createTempFile("classload", ".log");
        try {
            Run r = launcher(Map.of("FTMIGRATE_JAVA_OPTS", "-Xlog:class+load=info:file=" + log), "--version");
            assertEquals(0, r.exit(), r.err());
            assertEquals("ftmigrate 0.1.0", r.out().strip());
            assertLoadedFromTheStartUpCache(log, "picocli.CommandLine");
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
