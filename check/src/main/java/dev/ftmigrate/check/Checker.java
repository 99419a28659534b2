package dev.ftmigrate.check;

import dev.ftmigrate.analyzer.SourceFile;
import dev.ftmigrate.check.CheckReport.Build;
import dev.ftmigrate.check.CheckReport.FindingRef;
import dev.ftmigrate.check.CheckReport.ImportCheck;
import dev.ftmigrate.check.CheckReport.Race;
import dev.ftmigrate.check.CheckReport.ThreadedFailure;
import dev.ftmigrate.patcher.FileChange;
import dev.ftmigrate.patcher.FixPlan;
import dev.ftmigrate.rules.ScanResult;
import dev.ftmigrate.runtime.BuiltExtension;
import dev.ftmigrate.runtime.Harness;
import dev.ftmigrate.runtime.HarnessException;
import dev.ftmigrate.runtime.ImportChecker;
import dev.ftmigrate.runtime.ImportResult;
import dev.ftmigrate.runtime.Interpreter;
import dev.ftmigrate.runtime.Progress;
import dev.ftmigrate.runtime.ProjectBuilder;
import dev.ftmigrate.runtime.Provisioner;
import dev.ftmigrate.runtime.PytestRunner;
import dev.ftmigrate.runtime.Repetition;
import dev.ftmigrate.runtime.RuntimeCache;
import dev.ftmigrate.runtime.StressOptions;
import dev.ftmigrate.runtime.StressRunner;
import dev.ftmigrate.runtime.TestRun;
import dev.ftmigrate.runtime.TsanReport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code ftmigrate check}: from a scan to run-time proof on one project. Patches a work copy (never the user's
 * tree), builds original and patched for the free-threaded and the GIL interpreter, import-checks them, runs the
 * project's pytest suite plainly and with every test body in N threads, runs the workloads, optionally all of it
 * under ThreadSanitizer, measures single-thread cost and scaling, and links what failed to the findings.
 */
public final class Checker {
    /** The scan the CLI ran (with its options) and how long it took. */
    public record ScanInput(ScanResult scan, Collection<SourceFile> sources, double seconds) {}

    static final String ORIGINAL = "original";
    static final String PATCHED = "patched";

    private final RuntimeCache cache;
    private final Progress progress;

    public Checker(RuntimeCache cache, Progress progress) {
        this.cache = cache;
        this.progress = progress;
    }

    public CheckReport run(CheckOptions o, ScanInput in) throws Exception {
        Path project = o.project().toAbsolutePath().normalize();
        Steps steps = new Steps(progress);
        steps.record("scan", in.seconds(), in.scan().findings().size() + " findings");
        List<FindingRef> findings = Findings.refs(in.scan(), in.sources(), project);
        Linker linker = new Linker(findings);
        Files.createDirectories(o.workDir());

        Map<String, Path> targets = new LinkedHashMap<>();
        targets.put(ORIGINAL, project);
        CheckReport.Patch[] patch = {null};
        if (o.patch()) {
            steps.run("patch (work copy)", () -> {
                FixPlan plan = FixPlan.of(in.scan(), in.sources(), o.unsafeFixes());
                Path copy = ProjectBuilder.copyProject(project, o.workDir().resolve("patched"));
                Path root = Files.isRegularFile(project) ? project.getParent() : project;
                Path copyRoot = Files.isRegularFile(project) ? copy.getParent() : copy;
                for (FileChange c : plan.changes()) {
                    if (!c.changed() || c.source().path() == null) continue;
                    Path src = c.source().path().toAbsolutePath().normalize();
                    if (!src.startsWith(root)) continue;
                    Files.write(copyRoot.resolve(root.relativize(src).toString()), c.newBytes());
                }
                targets.put(PATCHED, copy);
                FixPlan.Summary s = plan.summary();
                patch[0] = new CheckReport.Patch(o.unsafeFixes(), s.applied(), s.reviewOnly(), s.advice(),
                        new String(plan.patches().combinedDiff(), StandardCharsets.UTF_8));
                return s.applied().values().stream().mapToInt(Integer::intValue).sum() + " fixes in " + plan.changes().size() + " files";
            });
        }

        Interpreter ft = new Harness(cache, progress).freeThreaded(o.python(), false);
        Interpreter gil = null;
        String gilError = null;
        try {
            gil = Interpreter.findGil();
        } catch (HarnessException e) {
            gilError = e.getMessage();
        }
        List<Interpreter> interps = new ArrayList<>(List.of(ft));
        if (gil != null) interps.add(gil);

        List<Build> builds = new ArrayList<>();
        Map<String, BuiltExtension> built = new LinkedHashMap<>(); // variant/label -> extension
        ProjectBuilder builder = new ProjectBuilder(progress);
        for (var t : targets.entrySet()) {
            for (Interpreter py : interps) {
                steps.run("build " + t.getKey() + " for " + py.label(), () -> {
                    long t0 = System.nanoTime();
                    try {
                        BuiltExtension ext = builder.build(t.getValue(), o.module(), py,
                                o.workDir().resolve("build").resolve(t.getKey() + "-" + py.label()));
                        built.put(key(t.getKey(), py), ext);
                        builds.add(new Build(t.getKey(), py.label(), true, round(ext.seconds()), ext.command()));
                        return "ok";
                    } catch (HarnessException e) {
                        builds.add(new Build(t.getKey(), py.label(), false, round((System.nanoTime() - t0) / 1e9), e.getMessage()));
                        return "failed";
                    }
                });
            }
        }
        if (gilError != null) builds.add(new Build(ORIGINAL, "GIL", false, 0, gilError));

        List<ImportCheck> imports = new ArrayList<>();
        steps.run("import check", () -> {
            for (var t : targets.keySet()) {
                for (Interpreter py : interps) {
                    BuiltExtension ext = built.get(key(t, py));
                    if (ext == null) continue;
                    ImportResult r = new ImportChecker().check(ext, py, Math.min(o.timeout(), 120));
                    imports.add(new ImportCheck(t, py.label(), r.outcome().id(), r.message()));
                }
            }
            return imports.stream().allMatch(i -> i.outcome().equals("pass")) ? "ok" : "problems";
        });

        List<Path> tests = o.tests().isEmpty() ? PytestRunner.defaultTests(Files.isDirectory(project) ? project : project.getParent()) : o.tests();
        List<TestRun> runs = new ArrayList<>();
        List<ThreadedFailure> threadedOnly = new ArrayList<>();
        PytestRunner pytest = new PytestRunner(progress, o.workDir(), cache.root().resolve("venvs")).extraArgs(o.pytestArgs());
        final Interpreter gilPy = gil;
        steps.run("tests (" + o.threads() + " threads per test)", () -> {
            if (tests.isEmpty()) return "skipped: no tests/ folder (give --tests)";
            TestRun gilThreaded = null;
            if (gilPy != null && built.containsKey(key(ORIGINAL, gilPy))) {
                gilThreaded = pytest.run("original " + gilPy.label() + " x" + o.threads(), built.get(key(ORIGINAL, gilPy)),
                        gilPy, tests, o.threads(), o.timeout());
                runs.add(gilThreaded);
            }
            for (String v : targets.keySet()) {
                BuiltExtension ext = built.get(key(v, ft));
                if (ext == null) continue;
                TestRun plain = pytest.run(v + " " + ft.label(), ext, ft, tests, 1, o.timeout());
                TestRun threaded = pytest.run(v + " " + ft.label() + " x" + o.threads(), ext, ft, tests, o.threads(), o.timeout());
                runs.add(plain);
                runs.add(threaded);
                threadedOnly.addAll(threadedOnly(v, plain, threaded, gilThreaded, linker));
            }
            return threadedOnly.size() + " threaded-only failures";
        });

        List<CheckReport.Workload> workloads = new ArrayList<>();
        if (!o.workloads().isEmpty()) {
            steps.run("workloads", () -> {
                for (Path w : o.workloads()) {
                    for (String v : targets.keySet()) {
                        BuiltExtension ext = built.get(key(v, ft));
                        if (ext == null) continue;
                        StressOptions so = new StressOptions(w, o.threads(), o.iterations(), o.repeat(), o.timeout(), true);
                        workloads.add(workload(v, ft, w, new StressRunner(progress).run(ext, ft, so), linker));
                    }
                }
                return workloads.stream().allMatch(w -> w.passed() == w.repetitions()) ? "ok" : "failures";
            });
        }

        List<Race> races = new ArrayList<>();
        if (o.tsan()) {
            steps.run("ThreadSanitizer", () -> new TsanStep(cache, progress, pytest).run(o, targets, tests, linker, races, runs));
        } else {
            steps.record("ThreadSanitizer", 0, "skipped (no --tsan)");
        }

        CheckReport.Performance perf = null;
        if (o.perf()) {
            CheckReport.Performance[] p = {null};
            steps.run("single-thread cost and scaling", () -> {
                p[0] = new Perf(progress, o).measure(targets.keySet(), built, ft, gilPy);
                return p[0].errors().isEmpty() ? "ok" : "partial";
            });
            perf = p[0];
        }

        CheckReport.Verdict verdict = Verdicts.of(targets.containsKey(PATCHED) ? PATCHED : ORIGINAL, ft, builds,
                imports, runs, threadedOnly, workloads, races);
        return new CheckReport(CheckReport.SCHEMA, project.toString(), ProjectBuilder.systemOf(project).name().toLowerCase()
                .replace('_', '-'), findings, patch[0], builds, imports, runs, threadedOnly, workloads, races, perf,
                steps.list(), verdict);
    }

    static String key(String variant, Interpreter py) { return variant + "/" + py.label(); }

    static double round(double s) { return Math.round(s * 100) / 100.0; }

    static List<ThreadedFailure> threadedOnly(String variant, TestRun plain, TestRun threaded, TestRun gilThreaded,
                                              Linker linker) {
        Map<String, TestRun.Case> before = new TreeMap<>();
        plain.cases().forEach(c -> before.put(c.id(), c));
        java.util.Set<String> gilFailed = new java.util.HashSet<>();
        if (gilThreaded != null) gilThreaded.cases().stream().filter(TestRun.Case::failed).forEach(c -> gilFailed.add(c.id()));
        List<ThreadedFailure> out = new ArrayList<>();
        for (TestRun.Case c : threaded.cases()) {
            TestRun.Case b = before.get(c.id());
            if (!c.failed() || b == null || !b.outcome().equals("passed")) continue;
            out.add(new ThreadedFailure(variant, c.id(), c.message(), gilFailed.contains(c.id()), linker.calls(c.detail())));
        }
        return out;
    }

    static CheckReport.Workload workload(String variant, Interpreter py, Path w, List<Repetition> reps, Linker linker)
            throws IOException {
        Map<String, Integer> by = new TreeMap<>();
        reps.forEach(r -> by.merge(r.outcome().id(), 1, Integer::sum));
        int passed = (int) reps.stream().filter(Repetition::passed).count();
        String first = reps.stream().filter(r -> !r.passed()).map(Repetition::message).findFirst().orElse(null);
        List<CheckReport.Link> links = passed == reps.size() ? List.of() : linker.calls(runBody(Files.readString(w)));
        return new CheckReport.Workload(variant, py.label(), w.toString(), reps.size(), passed, by, first, links);
    }

    /** The workload's run() (the threaded part; setup and verify run alone), or the whole text when there is none. */
    static String runBody(String workload) {
        int i = workload.indexOf("def run(");
        if (i < 0) return workload;
        int end = workload.indexOf("\ndef ", i + 1);
        return workload.substring(i, end < 0 ? workload.length() : end);
    }

    /** Races TSan found in the extension, one entry per (variant, location, variable). */
    static void addRaces(String variant, String source, List<TsanReport> reports, Linker linker, List<Race> races) {
        if (reports == null) return;
        for (TsanReport r : reports) {
            if (!r.inExtension()) continue;
            boolean dup = races.stream().anyMatch(x -> x.variant().equals(variant) && x.location().equals(r.location())
                    && java.util.Objects.equals(x.variable(), Linker.variable(r)));
            if (dup) continue;
            List<String> acc = r.accesses().stream().map(a -> a.what().replaceAll(" at 0x[0-9a-f]+", "")
                    + (a.frame() == null ? "" : " at " + a.frame())).toList();
            races.add(new Race("R" + (races.size() + 1), variant, source, r.kind(), r.location(), r.function(),
                    Linker.variable(r), acc, linker.race(r)));
        }
    }

    static Interpreter tsanInterpreter(RuntimeCache cache) {
        RuntimeCache.Entry e = cache.find(true);
        return e == null ? null : Provisioner.toInterpreter(e);
    }
}
