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

    /** Processes started here and still running: killed by the shutdown hook on SIGINT/SIGTERM. */
    private static final java.util.Set<Process> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * What a finished (or killed) command left behind.
     *
     * @param outOfMemory the command's processes went over their memory limit and were killed
     * @param peakRssMb   the largest resident memory seen for the command and its descendants (isolated runs)
     * @param leftover    processes still running when the command ended, killed then (isolated runs)
     */
    public record Result(int exitCode, boolean timedOut, double seconds, String stdout, String stderr,
                         boolean outOfMemory, long peakRssMb, int leftover) {
        public Result(int exitCode, boolean timedOut, double seconds, String stdout, String stderr) {
            this(exitCode, timedOut, seconds, stdout, stderr, false, 0, 0);
        }

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

    /**
     * Runs a command that must not outlive its run (a stress repetition): under the subreaper helper, so
     * every descendant (daemons included) is killed when it ends, times out, goes over
     * {@code memoryBytes} of resident memory (0: no limit), or ftmigrate itself is stopped.
     */
    public static Result isolated(List<String> cmd, Path dir, Map<String, String> env, double timeoutSeconds,
                                  long memoryBytes, Path stdoutFile, Path stderrFile) throws IOException {
        TempDirs.hook();
        Path reaper = Reaper.binary();
        Path status = stderrFile.resolveSibling(stderrFile.getFileName() + ".reaper");
        List<String> full = new ArrayList<>();
        if (reaper != null) {
            full.add(reaper.toString());
            full.add(status.toString());
        }
        full.addAll(cmd);
        ProcessBuilder pb = builder(full, dir, env, reaper == null);
        pb.redirectOutput(stdoutFile.toFile());
        pb.redirectError(stderrFile.toFile());
        long start = System.nanoTime();
        Process p = pb.start();
        LIVE.add(p);
        boolean timedOut = false, oom = false;
        long peak = 0;
        try {
            long deadline = timeoutSeconds <= 0 ? Long.MAX_VALUE : start + (long) (timeoutSeconds * 1e9);
            // Sampling walks /proc: only with a limit (it costs CPU the workload's threads race for).
            long step = memoryBytes > 0 ? 50 : 500;
            while (!p.waitFor(step, TimeUnit.MILLISECONDS)) {
                if (memoryBytes > 0) {
                    long rss = rssBytes(p);
                    peak = Math.max(peak, rss);
                    if (rss > memoryBytes) { oom = true; break; }
                }
                if (System.nanoTime() > deadline) { timedOut = true; break; }
            }
            if (p.isAlive()) stop(p);
        } catch (InterruptedException e) {
            killTree(p);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            if (reaper == null) killTree(p); // no helper: the group and what descendants are still visible
            LIVE.remove(p);
        }
        double secs = (System.nanoTime() - start) / 1e9;
        int code = p.isAlive() ? -1 : p.exitValue();
        int leftover = 0;
        if (Files.exists(status)) {
            for (String line : Files.readAllLines(status)) if (line.startsWith("leftover ")) leftover = Integer.parseInt(line.substring(9).strip());
            Files.deleteIfExists(status);
        }
        return new Result(code, timedOut, secs, readLossy(stdoutFile), readLossy(stderrFile), oom, peak >> 20, leftover);
    }

    /** Asks the helper to end everything (SIGTERM); kills the whole tree if it does not within 5 s. */
    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(5, TimeUnit.SECONDS)) killTree(p);
        p.waitFor(5, TimeUnit.SECONDS);
    }

    /** Resident memory of a process and all its descendants, from /proc (0 where unreadable). */
    static long rssBytes(Process p) {
        long total = rss(p.pid());
        for (ProcessHandle h : p.descendants().toList()) total += rss(h.pid());
        return total;
    }

    private static long rss(long pid) {
        try {
            String[] f = Files.readString(Path.of("/proc/" + pid + "/statm")).trim().split(" ");
            return Long.parseLong(f[1]) * 4096;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Kills every process started here that is still running (the shutdown hook). */
    static void killAllLive() {
        for (Process p : LIVE) {
            try {
                stop(p);
            } catch (InterruptedException e) {
                killTree(p);
            }
        }
    }

    private static ProcessBuilder builder(List<String> cmd, Path dir, Map<String, String> env) {
        return builder(cmd, dir, env, true);
    }

    private static ProcessBuilder builder(List<String> cmd, Path dir, Map<String, String> env, boolean setsid) {
        List<String> full = new ArrayList<>();
        if (setsid && Files.isExecutable(Path.of("/usr/bin/setsid"))) {
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
        LIVE.add(p);
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
        } finally {
            LIVE.remove(p);
        }
        double secs = (System.nanoTime() - start) / 1e9;
        int code = p.isAlive() ? -1 : p.exitValue();
        String so = out == null ? "" : readLossy(out);
        String se = err == null ? "" : readLossy(err);
        return new Result(code, timedOut, secs, so, se);
    }

    /** Kills the child's whole process group (it is a session leader thanks to setsid), then any stragglers. */
    public static void killGroup(Process p) {
        killTree(p);
    }

    /**
     * Kills every descendant seen before anything dies (once a parent is dead its children are no longer
     * found as descendants), then the process group, then the process.
     */
    static void killTree(Process p) {
        List<ProcessHandle> tree = p.descendants().toList();
        tree.forEach(ProcessHandle::destroyForcibly);
        long pid = p.pid();
        try {
            new ProcessBuilder("kill", "-KILL", "--", "-" + pid).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException ignored) {
            // fall through to the descendants walk
        }
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
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
