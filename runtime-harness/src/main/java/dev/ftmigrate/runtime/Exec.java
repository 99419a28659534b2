package dev.ftmigrate.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs external commands. Every child gets its own session ({@code setsid}) so that a timeout can kill
 * the whole process group, grandchildren included. Output goes to files, never to pipes that could fill.
 */
public final class Exec {
    private Exec() {}

    /** What a finished (or killed) command left behind. */
    public record Result(int exitCode, boolean timedOut, double seconds, String stdout, String stderr) {
        public boolean ok() { return !timedOut && exitCode == 0; }
        /** Exit codes above 128 are a signal number plus 128 (Java's convention on Linux). */
        public int signal() { return exitCode > 128 && exitCode < 160 ? exitCode - 128 : 0; }
    }

    /** Captures stdout and stderr (into temp files) and returns them as strings. */
    public static Result capture(List<String> cmd, Path dir, Map<String, String> env, double timeoutSeconds)
            throws IOException {
        Path out = Files.createTempFile("ftm-out", ".txt");
        Path err = Files.createTempFile("ftm-err", ".txt");
        try {
            return run(cmd, dir, env, timeoutSeconds, out, err);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Appends both streams to one log file; the result's strings are empty. */
    public static Result logged(List<String> cmd, Path dir, Map<String, String> env, double timeoutSeconds, Path log)
            throws IOException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        Files.writeString(log, "\n$ " + String.join(" ", cmd) + "\n", java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        ProcessBuilder pb = builder(cmd, dir, env);
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return waitFor(pb, timeoutSeconds, null, null);
    }

    public static Result run(List<String> cmd, Path dir, Map<String, String> env, double timeoutSeconds,
                             Path stdoutFile, Path stderrFile) throws IOException {
        ProcessBuilder pb = builder(cmd, dir, env);
        pb.redirectOutput(stdoutFile.toFile());
        pb.redirectError(stderrFile.toFile());
        return waitFor(pb, timeoutSeconds, stdoutFile, stderrFile);
    }

    private static ProcessBuilder builder(List<String> cmd, Path dir, Map<String, String> env) {
        List<String> full = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            // -w: should setsid ever need to fork (caller is a group leader), it still reports the child's status.
            full.add("/usr/bin/setsid");
            full.add("-w");
        }
        full.addAll(cmd);
        ProcessBuilder pb = new ProcessBuilder(full);
        if (dir != null) pb.directory(dir.toFile());
        if (env != null) {
            for (Map.Entry<String, String> e : env.entrySet()) {
                if (e.getValue() == null) pb.environment().remove(e.getKey());
                else pb.environment().put(e.getKey(), e.getValue());
            }
        }
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        return pb;
    }

    private static Result waitFor(ProcessBuilder pb, double timeoutSeconds, Path out, Path err) throws IOException {
        long start = System.nanoTime();
        Process p = pb.start();
        boolean timedOut = false;
        try {
            long ms = timeoutSeconds <= 0 ? Long.MAX_VALUE : (long) (timeoutSeconds * 1000);
            if (!p.waitFor(ms, TimeUnit.MILLISECONDS)) {
                timedOut = true;
                killGroup(p);
                p.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            killGroup(p);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        double secs = (System.nanoTime() - start) / 1e9;
        int code = p.isAlive() ? -1 : p.exitValue();
        String so = out == null ? "" : readLossy(out);
        String se = err == null ? "" : readLossy(err);
        return new Result(code, timedOut, secs, so, se);
    }

    /** Kills the child's whole process group (it is a session leader thanks to setsid), then any stragglers. */
    public static void killGroup(Process p) {
        long pid = p.pid();
        try {
            new ProcessBuilder("kill", "-KILL", "--", "-" + pid).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException ignored) {
            // fall through to the descendants walk
        }
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    static String readLossy(Path p) throws IOException {
        byte[] b = Files.readAllBytes(p);
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** True when an executable of that name is on PATH. */
    public static Path which(String name) {
        String path = System.getenv("PATH");
        if (path == null) return null;
        for (String d : path.split(":")) {
            if (d.isEmpty()) continue;
            Path c = Path.of(d, name);
            if (Files.isExecutable(c) && !Files.isDirectory(c)) return c;
        }
        return null;
    }
}
