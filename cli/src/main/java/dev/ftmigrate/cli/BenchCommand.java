package dev.ftmigrate.cli;

import dev.ftmigrate.patcher.FixPlan;
import dev.ftmigrate.patcher.PatchSet;
import dev.ftmigrate.reports.ReportOptions;
import dev.ftmigrate.reports.Reports;
import dev.ftmigrate.rules.FileStatus;
import dev.ftmigrate.rules.Finding;
import dev.ftmigrate.rules.ScanResult;
import dev.ftmigrate.rules.engine.Analysis;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Times the scan of PATH (warm-up runs first): phases, throughput, findings per rule.",
                "--linter FILE also times a regex linter (python3 FILE PATH OUT.sarif) in the same run and prints ratios;",
                "--cold times whole `ftmigrate scan` processes (a cold JVM each), paired with the linter;",
                "--growth writes generated modules of 1x, 4x and 16x units into PATH and prints the linear-growth table."})
public final class BenchCommand implements Callable<Integer> {
    @Mixin
    ScanInputs inputs;

    @Option(names = "--warmup", description = "Untimed runs first (default: ${DEFAULT-VALUE}).", defaultValue = "2")
    int warmup;

    @Option(names = "--repeat", description = "Timed runs (default: ${DEFAULT-VALUE}).", defaultValue = "3")
    int repeat;

    @Option(names = "--linter", paramLabel = "FILE", description = "A linter script to time against, run as `python3 FILE PATH OUT.sarif` (e.g. ../shared/bench/regex_linter.py).")
    Path linter;

    @Option(names = "--cold", description = "Time whole scan processes (JVM start included) instead of scans in this JVM.")
    boolean cold;

    @Option(names = "--repeat-scans", description = "With --cold: also time repeat scans (cache filled; nothing changed, then one file edited per run) on a copy of PATH.")
    boolean repeatScans;

    @Option(names = "--growth", description = "Linear-growth table: generated inputs of 1x, 4x and 16x --units units, written into PATH.")
    boolean growth;

    @Option(names = "--units", description = "Units of the 1x growth input (default: ${DEFAULT-VALUE}).", defaultValue = "50")
    int units;

    @Option(names = "--versus", split = ",", paramLabel = "IDS",
            description = "Also time a scan with only these rules, interleaved run by run (e.g. the rule set of an earlier release).")
    List<String> versus = new ArrayList<>();

    @Option(names = "--versus-no-sharing", description = "Also time (and count) a scan with the sharing analysis off, interleaved.")
    boolean versusNoSharing;

    @Override
    public Integer call() throws Exception {
        if (repeat < 1) throw new UserError("--repeat must be at least 1, not " + repeat);
        if (warmup < 0) throw new UserError("--warmup must be 0 or more, not " + warmup);
        inputs.validate();
        inputs.quiet = true;
        // In-process runs time the analysis: a cache would serve every run after the first (the cold
        // processes and --repeat-scans use the cache as a user's scan does).
        inputs.noCache = true;
        if (growth) return growth();
        if (cold) return cold();
        long jvmToMain = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        List<String> mainSelect = inputs.select;
        ScanResult last = null, other = null;
        Stats main = new Stats(), cmp = new Stats(), lint = new Stats();
        long first = 0;
        boolean compare = !versus.isEmpty() || versusNoSharing;
        int runs = repeat;
        for (int i = 0; i < warmup + runs; i++) {
            boolean timed = i >= warmup;
            long t0 = System.nanoTime();
            ScanInputs.Scan scan = inputs.run();
            long t1 = System.nanoTime();
            Reports.render("sarif", scan.result().scan(), ReportOptions.defaults().withSources(scan.texts()::get));
            long t2 = System.nanoTime();
            last = scan.result().scan();
            if (i == 0) first = t2 - t0;
            if (timed) main.add(t2 - t0, inputs.lastReadNanos, inputs.lastTimings, t2 - t1);
            // Comparisons run right after, in the same run, so machine noise hits both alike.
            if (compare) {
                inputs.select = versus.isEmpty() ? mainSelect : versus;
                inputs.noSharing = versusNoSharing;
                t0 = System.nanoTime();
                other = inputs.run().result().scan();
                if (timed) cmp.add(System.nanoTime() - t0, 0, null, 0);
                inputs.select = mainSelect;
                inputs.noSharing = false;
            }
            if (linter != null) {
                long dt = runLinter();
                if (timed) lint.add(dt, 0, null, 0);
            }
        }
        System.out.printf("JVM start to bench: %.3f s; first scan in this JVM (class loading, CDT init, JIT warm-up): %.3f s%n",
                jvmToMain / 1e3, first / 1e9);
        print(last, main, runs, "this scan (warm, in-process; phases are wall times, mean)");
        main.phases();
        if (inputs.lastTimings != null) {
            System.out.println("slowest files (last run; parse, facts and rules of the file itself): " + inputs.lastTimings.slowest(3).stream()
                    .map(e -> String.format("%s %.2f s", e.getKey(), e.getValue() / 1e9)).collect(Collectors.joining(", ")));
        }
        if (compare) {
            print(other, cmp, runs, versusNoSharing ? "sharing analysis off" : "rules " + String.join(",", versus));
            System.out.printf("time ratio (this / comparison, mean): %.2f%n", (double) main.total / cmp.total);
        }
        if (linter != null) {
            System.out.printf("regex linter %s: mean %.3f s, best %.3f s (a process each run)%n", linter, lint.mean(runs), lint.best / 1e9);
            System.out.printf("ratio ftmigrate (warm, in-process) / linter (process): mean %.2f, best %.2f%n",
                    main.mean(runs) / lint.mean(runs), (double) main.best / lint.best);
        }
        return 0;
    }

    /** Whole processes, alternating with the linter: what a CI job or a pre-commit hook pays. */
    private int cold() throws Exception {
        List<String> cmd = new ArrayList<>(launcher());
        List<String> tiny = new ArrayList<>(cmd);
        Path out = Files.createTempFile("ftmigrate-bench", ".sarif"), tinyDir = Files.createTempDirectory("ftmigrate-bench");
        Files.writeString(tinyDir.resolve("tiny.c"), "#include <Python.h>\nstatic int n;\nstatic PyObject *f(PyObject *s, PyObject *a) { n++; Py_RETURN_NONE; }\n");
        // Cold means no cache either: each process parses everything, as a CI job on a fresh checkout does.
        cmd.addAll(List.of("scan", "--format", "sarif", "--output", out.toString(), "--fail-on", "never", "--no-cache"));
        if (inputs.noSkipGenerated) cmd.add("--no-skip-generated");
        inputs.paths.forEach(p -> cmd.add(p.toString()));
        tiny.addAll(List.of("scan", "--format", "sarif", "--output", out.toString(), "--fail-on", "never", "--no-cache", tinyDir.toString()));
        List<String> version = new ArrayList<>(launcher());
        version.add("--version");
        Stats scan = new Stats(), lint = new Stats(), start = new Stats(), small = new Stats();
        List<Double> ratios = new ArrayList<>();
        int runs = Math.max(1, repeat);
        for (int i = 0; i < warmup + runs; i++) {
            boolean timed = i >= warmup;
            long v = time(version), t = time(tiny), s = time(cmd);
            long l = linter == null ? 0 : runLinter();
            if (!timed) continue;
            start.add(v, 0, null, 0);
            small.add(t, 0, null, 0);
            scan.add(s, 0, null, 0);
            if (linter != null) { lint.add(l, 0, null, 0); ratios.add((double) s / l); }
        }
        System.out.println("cold processes: " + String.join(" ", cmd));
        System.out.printf("JVM start + CLI (ftmigrate --version): mean %.3f s%n", start.mean(runs));
        System.out.printf("one tiny file (adds class loading and CDT init): mean %.3f s%n", small.mean(runs));
        System.out.printf("scan: mean %.3f s, best %.3f s%n", scan.mean(runs), scan.best / 1e9);
        if (linter != null) {
            ratios.sort(null);
            System.out.printf("regex linter: mean %.3f s, best %.3f s%n", lint.mean(runs), lint.best / 1e9);
            System.out.printf("ratio scan / linter, paired per run: median %.2f (min %.2f, max %.2f)%n",
                    ratios.get(ratios.size() / 2), ratios.get(0), ratios.get(ratios.size() - 1));
        }
        if (repeatScans) {
            if (linter == null) throw new UserError("--repeat-scans needs --linter FILE");
            Path[] copy = new Path[1];
            boolean daemon = System.getProperty("ftmigrate.launcher") != null;
            RepeatScans.run(launcher(), inputs.paths, warmup, runs, daemon, () -> runLinter(copy[0]), copy);
        }
        return 0;
    }

    /** Scan time must grow linearly with statics, functions and accesses: per-unit time stays flat. */
    private int growth() throws IOException {
        Path dir = inputs.paths.get(0);
        int[] scales = {1, 4, 16};
        // Timed as `scan --format sarif` works: fixes planned, the report rendered (a fix stage or a report that
        // grows faster than the input is as much a super-linear path as the analysis).
        inputs.planFixes = true;
        System.out.printf("unit = 4 file-scope statics, 5 static locals, 5 functions, ~50 static accesses, a 24-term expression chain, blank lines,%n"
                + "       a method of one object type whose fields every unit writes, static locals in one lock group with every unit's,%n"
                + "       writes of two file-scope statics that every unit writes too, and a run of them with an exit in one function that grows with the units%n"
                + "timed: scan with fixes planned and the SARIF report rendered; patch: the fixes (--unsafe-fixes) as a diff and as a series%n");
        System.out.printf("%6s %7s %8s %9s %10s %12s %10s %16s %14s %15s%n", "scale", "units", "lines", "findings", "best s", "us per unit", "vs 1x",
                "added us/unit", "report B/unit", "patch us/unit");
        double base = 0;
        long prevBest = 0;
        int prevUnits = 0;
        for (int scale : scales) {
            Path d = dir.resolve("growth-" + scale + "x");
            Files.createDirectories(d);
            String text = GrowthInput.module(units * scale);
            Files.writeString(d.resolve("growth.c"), text);
            inputs.paths = List.of(d);
            long best = Long.MAX_VALUE;
            ScanResult last = null;
            long reportBytes = 0, bestPatch = Long.MAX_VALUE;
            for (int i = 0; i < warmup + Math.max(1, repeat); i++) {
                long t0 = System.nanoTime();
                ScanInputs.Scan scan = inputs.run();
                last = scan.result().scan();
                // Counted as scan streams it to its file, never whole in memory.
                long[] written = {0};
                Reports.write("sarif", last, ReportOptions.defaults().withSources(scan.texts()::get), new java.io.OutputStream() {
                    @Override public void write(int b) { written[0]++; }
                    @Override public void write(byte[] b, int off, int len) { written[0] += len; }
                });
                reportBytes = written[0];
                long t1 = System.nanoTime();
                PatchSet patches = FixPlan.of(last, scan.sources().values(), true).patches();
                if (patches.combinedDiff().length == 0 || patches.patches().isEmpty()) throw new IllegalStateException("the growth input gave no patch");
                if (i >= warmup) {
                    best = Math.min(best, t1 - t0);
                    bestPatch = Math.min(bestPatch, System.nanoTime() - t1);
                }
            }
            double perUnit = best / 1e3 / (units * scale);
            if (scale == 1) base = perUnit;
            long lines = last.files().stream().mapToLong(FileStatus::lines).sum();
            // The added cost of the added units leaves out what every scan pays once (threads, parser set-up).
            String added = prevUnits == 0 ? "-" : String.format("%.1f", (best - prevBest) / 1e3 / (units * scale - prevUnits));
            System.out.printf("%5dx %7d %8d %9d %10.3f %12.1f %10.2f %16s %14d %15.1f%n", scale, units * scale, lines, last.findings().size(),
                    best / 1e9, perUnit, perUnit / base, added, reportBytes / (units * scale), bestPatch / 1e3 / (units * scale));
            prevBest = best;
            prevUnits = units * scale;
        }
        System.out.println("linear growth: time, added time and report bytes per unit stay flat (quadratic work would grow them 4 and 16 times)");
        return 0;
    }

    private long runLinter() throws IOException, InterruptedException {
        return runLinter(inputs.paths.get(0));
    }

    private long runLinter(Path dir) throws IOException, InterruptedException {
        Path out = Files.createTempFile("linter", ".sarif");
        List<String> cmd = new ArrayList<>(List.of("python3", linter.toString()));
        cmd.add(dir.toString());
        cmd.add(out.toString());
        try {
            return time(cmd);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static long time(List<String> cmd) throws IOException, InterruptedException {
        return time(cmd, null, false);
    }

    /**
     * One whole process, timed. Without {@code daemon} a daemon the user runs must not serve it (the run would
     * not be cold); {@code dir} is its working directory (null: this one's).
     */
    static long time(List<String> cmd, Path dir, boolean daemon) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        if (dir != null) pb.directory(dir.toFile());
        if (daemon) pb.environment().remove("FTMIGRATE_NO_DAEMON");
        else pb.environment().put("FTMIGRATE_NO_DAEMON", "1");
        Process p = pb.start();
        int rc = p.waitFor();
        long dt = System.nanoTime() - t0;
        if (rc > 1) throw new UserError("`" + String.join(" ", cmd) + "` failed (exit " + rc + ")");
        return dt;
    }

    /** The launcher this JVM was started by (it passes its path), else java -jar on this jar. */
    private static List<String> launcher() {
        String l = System.getProperty("ftmigrate.launcher");
        if (l != null && Files.isExecutable(Path.of(l))) return List.of(l);
        String java = ProcessHandle.current().info().command().orElse("java");
        try {
            String jar = Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            return List.of(java, "-jar", jar);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sums of timed runs. */
    private static final class Stats {
        long total, best = Long.MAX_VALUE, read, parse, link, check, collect, report;
        int n;

        void add(long dt, long readNs, Analysis.Timings t, long reportNs) {
            total += dt; best = Math.min(best, dt); n++;
            read += readNs; report += reportNs;
            if (t != null) { parse += t.parse(); link += t.link(); check += t.check(); collect += t.collect(); }
        }

        double mean(int runs) { return total / 1e9 / runs; }

        void phases() {
            System.out.printf("phases: read %.3f s, parse+model %.3f s, link (call graph, sharing) %.3f s, rules %.3f s, sort %.3f s, SARIF %.3f s%n",
                    read / 1e9 / n, parse / 1e9 / n, link / 1e9 / n, check / 1e9 / n, collect / 1e9 / n, report / 1e9 / n);
        }
    }

    private void print(ScanResult last, Stats s, int runs, String label) {
        System.out.println("== " + label);
        long lines = last.files().stream().mapToLong(FileStatus::lines).sum();
        long problems = last.files().stream().mapToLong(FileStatus::problems).sum();
        long clean = last.files().stream().filter(FileStatus::clean).count();
        double mean = s.mean(runs);
        System.out.printf("files %d, lines %d, clean files %d, files with parse problems %d, problem nodes %d%n",
                last.files().size(), lines, clean, last.filesWithProblems(), problems);
        System.out.printf("jobs %d, runs %d: mean %.3f s, best %.3f s, throughput %.0f lines/s (best %.0f)%n",
                inputs.jobs, runs, mean, s.best / 1e9, lines / mean, lines / (s.best / 1e9));
        System.out.printf("peak heap %.0f MB (all runs, incl. warm-up)%n", peakHeapMb());
        Map<String, Long> byRule = last.findings().stream()
                .collect(Collectors.groupingBy(Finding::ruleId, TreeMap::new, Collectors.counting()));
        Map<String, Long> byLevel = last.findings().stream()
                .collect(Collectors.groupingBy(f -> f.level().sarif(), TreeMap::new, Collectors.counting()));
        System.out.println("findings " + last.findings().size() + " " + byLevel);
        System.out.println("by rule " + byRule);
    }

    private static double peakHeapMb() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .map(MemoryPoolMXBean::getPeakUsage).mapToLong(u -> u.getUsed()).sum() / 1048576.0;
    }
}
