package dev.ftmigrate.cli;

import dev.ftmigrate.rules.FileStatus;
import dev.ftmigrate.rules.Finding;
import dev.ftmigrate.rules.ScanResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Times the scan of PATH (warm-up runs first) and prints throughput, parse problems and findings per rule.")
public final class BenchCommand implements Callable<Integer> {
    @Mixin
    ScanInputs inputs;

    @Option(names = "--warmup", description = "Untimed runs first (default: ${DEFAULT-VALUE}).", defaultValue = "2")
    int warmup;

    @Option(names = "--repeat", description = "Timed runs (default: ${DEFAULT-VALUE}).", defaultValue = "3")
    int repeat;

    @Option(names = "--versus", split = ",", paramLabel = "IDS",
            description = "Also time a scan with only these rules, interleaved run by run (e.g. the rule set of an earlier release).")
    java.util.List<String> versus = new java.util.ArrayList<>();

    @Option(names = "--versus-no-sharing", description = "Also time (and count) a scan with the sharing analysis off, interleaved.")
    boolean versusNoSharing;

    @Override
    public Integer call() throws Exception {
        if (repeat < 1) throw new UserError("--repeat must be at least 1, not " + repeat);
        if (warmup < 0) throw new UserError("--warmup must be 0 or more, not " + warmup);
        inputs.validate();
        inputs.quiet = true;
        java.util.List<String> mainSelect = inputs.select;
        ScanResult last = null, other = null;
        long best = Long.MAX_VALUE, total = 0, otherBest = Long.MAX_VALUE, otherTotal = 0;
        boolean compare = !versus.isEmpty() || versusNoSharing;
        int runs = repeat;
        for (int i = 0; i < warmup + runs; i++) {
            long t0 = System.nanoTime();
            last = inputs.run().result().scan();
            long dt = System.nanoTime() - t0;
            if (i >= warmup) { best = Math.min(best, dt); total += dt; }
            if (!compare) continue;
            // The comparison runs right after, in the same JVM, so machine noise hits both alike.
            inputs.select = versus.isEmpty() ? mainSelect : versus;
            inputs.noSharing = versusNoSharing;
            t0 = System.nanoTime();
            other = inputs.run().result().scan();
            dt = System.nanoTime() - t0;
            inputs.select = mainSelect;
            inputs.noSharing = false;
            if (i >= warmup) { otherBest = Math.min(otherBest, dt); otherTotal += dt; }
        }
        print(last, best, total, runs, "this scan");
        if (compare) {
            print(other, otherBest, otherTotal, runs, versusNoSharing ? "sharing analysis off" : "rules " + String.join(",", versus));
            System.out.printf("time ratio (this / comparison, mean): %.2f%n", (double) total / otherTotal);
        }
        return 0;
    }

    private void print(ScanResult last, long best, long total, int runs, String label) {
        System.out.println("== " + label);
        long lines = last.files().stream().mapToLong(FileStatus::lines).sum();
        long problems = last.files().stream().mapToLong(FileStatus::problems).sum();
        long clean = last.files().stream().filter(FileStatus::clean).count();
        double mean = total / 1e9 / runs;
        System.out.printf("files %d, lines %d, clean files %d, files with parse problems %d, problem nodes %d%n",
                last.files().size(), lines, clean, last.filesWithProblems(), problems);
        System.out.printf("jobs %d, runs %d: mean %.3f s, best %.3f s, throughput %.0f lines/s (best %.0f)%n",
                inputs.jobs, runs, mean, best / 1e9, lines / mean, lines / (best / 1e9));
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
