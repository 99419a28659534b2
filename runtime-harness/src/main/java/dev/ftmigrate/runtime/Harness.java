package dev.ftmigrate.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The harness end to end: resolve the free-threaded interpreter (cached runtime or {@code --python}), build the
 * target for it, import-check it, stress it, and optionally measure scaling against the GIL interpreter.
 */
public final class Harness {
    private final RuntimeCache cache;
    private final Progress progress;

    public Harness(RuntimeCache cache, Progress progress) {
        this.cache = cache;
        this.progress = progress;
    }

    /**
     * @param target    a .c file, a directory of sources, or a setuptools project
     * @param module    import name, or null for the target's name
     * @param python    an existing free-threaded interpreter, or null for the bundled runtime
     * @param tsan      use the ThreadSanitizer runtime (or require that {@code python} is one)
     * @param scaling   also measure throughput at 1..threads on the free-threaded and the GIL interpreter
     * @param buildDir  where builds go, or null for a fresh temp directory
     */
    public record Request(Path target, String module, Path python, boolean tsan, StressOptions options,
                          boolean scaling, Path buildDir) {}

    /** The free-threaded interpreter to use. */
    public Interpreter freeThreaded(Path python, boolean tsan) throws IOException {
        if (python == null) return new Provisioner(cache, progress).ensure(tsan);
        Path sup = null;
        Path exeDir = python.toAbsolutePath().getParent();
        for (Path c : List.of(exeDir.resolve(Provisioner.TSAN_SUPPRESSIONS), exeDir.resolve("../" + Provisioner.TSAN_SUPPRESSIONS),
                exeDir.resolve("../tsan-suppressions.txt"))) {
            if (Files.isRegularFile(c)) { sup = c.normalize(); break; }
        }
        Interpreter i = Interpreter.probe(python, null);
        if (!i.freeThreaded()) {
            throw new HarnessException(python + " is Python " + i.version()
                    + " with the GIL; --python needs a free-threaded build (3.13t, 3.14t, 3.15t)");
        }
        if (tsan && !i.tsan()) throw new HarnessException(python + " was not built with ThreadSanitizer");
        return new Interpreter(i.executable(), i.version(), i.hexVersion(), true, i.tsan(), i.extSuffix(),
                i.includeDirs(), i.tsan() ? sup : null);
    }

    public StressReport stress(Request req) throws IOException { return stress(req, false); }

    /** With {@code importOnly}, stops after the import check (the report has no repetitions). */
    public StressReport stress(Request req, boolean importOnly) throws IOException {
        StressOptions o = req.options();
        if (o.workload() != null && !Files.isRegularFile(o.workload())) {
            throw new HarnessException("no such workload: " + o.workload());
        }
        Interpreter py = freeThreaded(req.python(), req.tsan());
        if (req.buildDir() != null) return run(req, importOnly, py, req.buildDir());
        Path buildRoot = TempDirs.create("build");
        try {
            return run(req, importOnly, py, buildRoot);
        } finally {
            TempDirs.delete(buildRoot); // pass --build-dir to keep the built artifacts
        }
    }

    private StressReport run(Request req, boolean importOnly, Interpreter py, Path buildRoot) throws IOException {
        StressOptions o = req.options();
        ExtensionBuilder builder = new ExtensionBuilder(progress);
        BuiltExtension ext = builder.build(req.target(), req.module(), py, buildRoot.resolve(py.label()));
        ImportResult imp = new ImportChecker().check(ext, py, o.timeoutSeconds());
        progress.step("import check: " + imp.outcome().id() + (imp.ok() ? "" : " - " + imp.message()));
        List<Repetition> reps = List.of();
        if (!importOnly && (imp.ok() || (imp.outcome() == Outcome.GIL_REENABLED && o.forceGilOff()))) {
            reps = new StressRunner(progress).run(ext, py, o);
        }
        Map<String, Object> interp = new LinkedHashMap<>();
        interp.put("label", py.label());
        interp.put("path", py.executable().toString());
        interp.put("version", py.version());
        interp.put("freeThreaded", py.freeThreaded());
        interp.put("tsan", py.tsan());
        Map<String, Object> build = new LinkedHashMap<>();
        build.put("artifact", ext.artifact().toString());
        build.put("command", ext.command());
        build.put("seconds", Math.round(ext.seconds() * 1000) / 1000.0);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("workload", o.workload() == null ? "smoke" : o.workload().toString());
        config.put("threads", o.threads());
        config.put("iterations", o.iterations());
        config.put("repeat", o.repeat());
        config.put("timeoutSeconds", o.timeoutSeconds());
        config.put("forceGilOff", o.forceGilOff());
        StressReport report = new StressReport(StressReport.SCHEMA, req.target().toString(), ext.module(), interp, build,
                imp, config, reps, summarize(imp, reps, importOnly), null);
        if (req.scaling() && !importOnly) report = report.withScaling(scaling(req, ext, py, buildRoot));
        return report;
    }

    private ScalingResult scaling(Request req, BuiltExtension ftExt, Interpreter ft, Path buildRoot) throws IOException {
        StressOptions o = req.options();
        ScalingBench bench = new ScalingBench(progress);
        double timeout = Math.max(o.timeoutSeconds(), 60) * 3;
        Map<Integer, Double> ftRows = null;
        Map<Integer, Double> gilRows = null;
        String gilLabel = null;
        StringBuilder errors = new StringBuilder();
        try {
            ftRows = bench.measure(ftExt, ft, o.workload(), o.threads(), o.iterations(), timeout);
        } catch (HarnessException e) {
            errors.append(e.getMessage());
        }
        try {
            Interpreter gil = Interpreter.findGil();
            gilLabel = gil.label();
            BuiltExtension gilExt = new ExtensionBuilder(progress).build(req.target(), req.module(), gil,
                    buildRoot.resolve(gil.label()));
            gilRows = bench.measure(gilExt, gil, o.workload(), o.threads(), o.iterations(), timeout);
        } catch (HarnessException e) {
            if (errors.length() > 0) errors.append("; ");
            errors.append(e.getMessage());
        }
        return ScalingBench.table(o.iterations(), ft.label(), ftRows, gilLabel, gilRows,
                errors.length() == 0 ? null : errors.toString());
    }

    static StressReport.Summary summarize(ImportResult imp, List<Repetition> reps, boolean importOnly) {
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        for (Repetition r : reps) counts.merge(r.outcome(), 1, Integer::sum);
        Map<String, Integer> by = new TreeMap<>();
        counts.forEach((k, v) -> by.put(k.id(), v));
        int passed = counts.getOrDefault(Outcome.PASS, 0);
        boolean ok = imp.ok() && (importOnly || (!reps.isEmpty() && passed == reps.size()));
        return new StressReport.Summary(reps.size(), passed, reps.size() - passed, by, ok);
    }
}
