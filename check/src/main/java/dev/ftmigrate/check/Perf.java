package dev.ftmigrate.check;

import dev.ftmigrate.check.CheckReport.Cost;
import dev.ftmigrate.check.CheckReport.Measure;
import dev.ftmigrate.check.CheckReport.ScalingRow;
import dev.ftmigrate.runtime.BuiltExtension;
import dev.ftmigrate.runtime.HarnessException;
import dev.ftmigrate.runtime.Interpreter;
import dev.ftmigrate.runtime.Progress;
import dev.ftmigrate.runtime.ScalingBench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The seed's two promises for this extension, measured with repetitions (each a fresh process, best of 3 rounds
 * inside): the patch's single-thread cost (patched vs original, one thread, on the GIL and the free-threaded
 * interpreter) and the multi-thread speed-up (1..N threads, free-threaded vs GIL), each as median with min and max.
 */
final class Perf {
    private final Progress progress;
    private final CheckOptions o;
    private final List<String> errors = new ArrayList<>();
    /** Timed calls per thread: enough that one round lasts well above timer and scheduler noise. */
    private final int iterations;

    Perf(Progress progress, CheckOptions o) {
        this.progress = progress;
        this.o = o;
        this.iterations = Math.max(o.iterations(), 20_000);
    }

    CheckReport.Performance measure(Collection<String> variants, Map<String, BuiltExtension> built, Interpreter ft,
                                    Interpreter gil) throws IOException {
        Path workload = o.workloads().isEmpty() ? null : o.workloads().get(0);
        List<Cost> costs = new ArrayList<>();
        for (Interpreter py : gil == null ? List.of(ft) : List.of(gil, ft)) {
            Measure orig = single(built.get(Checker.key(Checker.ORIGINAL, py)), py, workload);
            Measure pat = variants.contains(Checker.PATCHED) ? single(built.get(Checker.key(Checker.PATCHED, py)), py, workload) : null;
            Double over = pat == null || orig.median() <= 0 || pat.median() <= 0 ? null
                    : Math.round((orig.median() / pat.median() - 1) * 1000) / 10.0;
            costs.add(new Cost(py.label(), orig, pat, over));
        }
        String variant = variants.contains(Checker.PATCHED) ? Checker.PATCHED : Checker.ORIGINAL;
        List<double[]> ftRuns = threads(built.get(Checker.key(variant, ft)), ft, workload);
        List<double[]> gilRuns = gil == null ? List.of() : threads(built.get(Checker.key(variant, gil)), gil, workload);
        List<ScalingRow> rows = new ArrayList<>();
        for (int t = 1; t <= o.threads(); t++) rows.add(new ScalingRow(t, measure(ftRuns, t - 1), measure(gilRuns, t - 1)));
        return new CheckReport.Performance(workload == null ? "smoke (public functions of 0-1 arguments)" : workload.toString(),
                iterations, costs, variant, ft.label(), gil == null ? null : gil.label(), rows, List.copyOf(errors));
    }

    private Measure single(BuiltExtension ext, Interpreter py, Path workload) throws IOException {
        List<double[]> runs = new ArrayList<>();
        if (ext == null) return measure(runs, 0);
        for (int r = 0; r < Math.max(o.repeat(), 5); r++) { // one-thread runs are cheap: more of them for the cost
            double[] v = once(ext, py, workload, 1);
            if (v != null) runs.add(v);
        }
        return measure(runs, 0);
    }

    private List<double[]> threads(BuiltExtension ext, Interpreter py, Path workload) throws IOException {
        List<double[]> runs = new ArrayList<>();
        if (ext == null) return runs;
        for (int r = 0; r < o.repeat(); r++) {
            double[] v = once(ext, py, workload, o.threads());
            if (v != null) runs.add(v);
        }
        return runs;
    }

    /** Calls per second at 1..n threads in one process, or null (recorded in errors) when the run failed. */
    private double[] once(BuiltExtension ext, Interpreter py, Path workload, int n) throws IOException {
        try {
            // PYTHON_GIL=0 as for the tests: a module that re-enables the GIL is timed as it would run without it
            Map<Integer, Double> m = new ScalingBench(progress).measure(ext, py, workload, n, iterations,
                    Math.max(o.timeout(), 60) * 3, true);
            double[] out = new double[n];
            for (int t = 1; t <= n; t++) out[t - 1] = m.getOrDefault(t, -1.0);
            return out;
        } catch (HarnessException e) {
            if (!errors.contains(e.getMessage())) errors.add(e.getMessage());
            return null;
        }
    }

    static Measure measure(List<double[]> runs, int index) {
        double[] v = runs.stream().filter(r -> r.length > index && r[index] > 0).mapToDouble(r -> r[index]).sorted().toArray();
        if (v.length == 0) return new Measure(-1, -1, -1, 0);
        double med = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        return new Measure(Math.round(med), Math.round(v[0]), Math.round(v[v.length - 1]), v.length);
    }
}
