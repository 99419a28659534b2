package dev.ftmigrate.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real runtime, real compiler, real threads: the plain free-threaded runtime. */
class StressIntegrationTest {
    @TempDir Path tmp;

    private static final int RACY_REPEAT = 10;

    private static long count(List<Repetition> reps, Outcome o) {
        return reps.stream().filter(r -> r.outcome() == o).count();
    }

    @Test
    void racyCounterLosesUpdatesUnderThreads() throws IOException {
        Interpreter ft = RuntimeFixture.runtime(false);
        Path dir = RuntimeFixture.sample("racy_counter");
        BuiltExtension ext = RuntimeFixture.build(dir.resolve("racy_counter.c"), ft, tmp);
        assertTrue(new ImportChecker().check(ext, ft, 60).ok());
        StressOptions o = new StressOptions(dir.resolve("workload.py"), 8, 300_000, RACY_REPEAT, 60, false);
        List<Repetition> reps = new StressRunner(RuntimeFixture.LOG).run(ext, ft, o);
        long failed = count(reps, Outcome.INVARIANT_FAILURE);
        System.err.println("racy_counter: invariant failures " + failed + "/" + RACY_REPEAT);
        // How many repetitions lose updates depends on how often the scheduler runs two threads inside
        // the unlocked read-modify-write at once: most of them on an idle 2-core machine, fewer under load.
        // The harness must see it at least once in ten; the fixed build below must never.
        assertTrue(failed >= 1, "expected lost updates in some repetition, got " + reps);
        assertEquals(0, count(reps, Outcome.CRASH) + count(reps, Outcome.EXCEPTION), reps.toString());
        Repetition f = reps.stream().filter(r -> r.outcome() == Outcome.INVARIANT_FAILURE).findFirst().orElseThrow();
        assertTrue(f.message().contains("lost updates"), f.message());
    }

    @Test
    void fixedRacyCounterPassesEveryRepetition() throws IOException {
        Interpreter ft = RuntimeFixture.runtime(false);
        Path dir = RuntimeFixture.sample("racy_counter");
        BuiltExtension ext = RuntimeFixture.build(dir.resolve("fixed/racy_counter.c"), ft, tmp);
        StressOptions o = new StressOptions(dir.resolve("workload.py"), 8, 50_000, RACY_REPEAT, 60, false);
        List<Repetition> reps = new StressRunner(RuntimeFixture.LOG).run(ext, ft, o);
        assertEquals(RACY_REPEAT, count(reps, Outcome.PASS), reps.toString());
    }

    @Test
    void moduleWithoutModGilFailsTheImportCheck() throws IOException {
        Interpreter ft = RuntimeFixture.runtime(false);
        Path dir = RuntimeFixture.sample("no_mod_gil");
        BuiltExtension ext = RuntimeFixture.build(dir.resolve("no_mod_gil.c"), ft, tmp.resolve("bad"));
        ImportResult r = new ImportChecker().check(ext, ft, 60);
        assertEquals(Outcome.GIL_REENABLED, r.outcome(), r.toString());
        assertEquals("FT201", r.ruleId());
        assertTrue(r.message().contains("no_mod_gil"), r.message());
        assertTrue(r.fix().contains("Py_mod_gil"), r.fix());

        BuiltExtension fixed = RuntimeFixture.build(dir.resolve("fixed/no_mod_gil.c"), ft, tmp.resolve("fixed"));
        assertTrue(new ImportChecker().check(fixed, ft, 60).ok());
        List<Repetition> reps = new StressRunner(RuntimeFixture.LOG).run(fixed, ft,
                new StressOptions(dir.resolve("workload.py"), 4, 500, 2, 60, false));
        assertEquals(2, count(reps, Outcome.PASS), reps.toString());
    }

    @Test
    void stressReportsGilReenabledThroughTheHarness() throws IOException {
        RuntimeFixture.runtime(false);
        Path dir = RuntimeFixture.sample("no_mod_gil");
        StressReport rep = new Harness(RuntimeFixture.cache(), RuntimeFixture.LOG).stress(new Harness.Request(
                dir.resolve("no_mod_gil.c"), null, null, false,
                new StressOptions(dir.resolve("workload.py"), 4, 100, 2, 60, false), false, tmp));
        assertFalse(rep.ok());
        assertEquals(Outcome.GIL_REENABLED, rep.importCheck().outcome());
        assertTrue(rep.repetitions().isEmpty());
    }

    @Test
    void crashTimeoutAndExceptionAreTheirOwnOutcomes() throws IOException {
        Interpreter ft = RuntimeFixture.runtime(false);
        BuiltExtension ext = RuntimeFixture.build(RuntimeFixture.testResource("ext/faulty.c"), ft, tmp);
        StressRunner runner = new StressRunner(RuntimeFixture.LOG);

        Repetition crash = runner.run(ext, ft, new StressOptions(RuntimeFixture.testResource("ext/crash_workload.py"),
                4, 10, 1, 30, false)).get(0);
        assertEquals(Outcome.CRASH, crash.outcome(), crash.toString());
        assertEquals(11, crash.signal());
        assertTrue(crash.detail().contains("Fatal Python error: Segmentation fault"), crash.detail());
        assertTrue(crash.detail().contains("crash_workload.py"), "faulthandler traceback names the workload line");

        long t0 = System.nanoTime();
        Repetition hang = runner.run(ext, ft, new StressOptions(RuntimeFixture.testResource("ext/hang_workload.py"),
                2, 1, 1, 3, false)).get(0);
        assertEquals(Outcome.TIMEOUT, hang.outcome(), hang.toString());
        assertTrue((System.nanoTime() - t0) / 1e9 < 20, "timeout kills the process group promptly");
        assertTrue(hang.detail().contains("hang_workload.py"), "the hang dump shows where threads were: " + hang.detail());

        Repetition exc = runner.run(ext, ft, new StressOptions(RuntimeFixture.testResource("ext/raise_workload.py"),
                2, 5, 1, 30, false)).get(0);
        assertEquals(Outcome.EXCEPTION, exc.outcome());
        assertTrue(exc.message().contains("ValueError: boom"), exc.message());
    }

    @Test
    void smokeWorkloadCallsPublicFunctions() throws IOException {
        Interpreter ft = RuntimeFixture.runtime(false);
        BuiltExtension ext = RuntimeFixture.build(RuntimeFixture.sample("racy_counter").resolve("fixed/racy_counter.c"), ft, tmp);
        List<Repetition> reps = new StressRunner(RuntimeFixture.LOG).run(ext, ft, new StressOptions(null, 4, 200, 2, 60, false));
        assertEquals(2, count(reps, Outcome.PASS), reps.toString());
    }

    @Test
    void fixedVariantsStillBuildAndPassOnTheGilInterpreter() throws IOException {
        Interpreter gil = RuntimeFixture.gil();
        assertNotNull(gil);
        assertFalse(gil.freeThreaded());
        for (String s : List.of("racy_counter", "no_mod_gil")) {
            Path dir = RuntimeFixture.sample(s);
            BuiltExtension ext = RuntimeFixture.build(dir.resolve("fixed/" + s + ".c"), gil, tmp.resolve(s));
            assertTrue(new ImportChecker().check(ext, gil, 60).ok());
            List<Repetition> reps = new StressRunner(RuntimeFixture.LOG).run(ext, gil,
                    new StressOptions(dir.resolve("workload.py"), 4, 2000, 1, 60, false));
            assertEquals(Outcome.PASS, reps.get(0).outcome(), reps.toString());
        }
    }

    @Test
    void cachedRuntimeIsReusedInWellUnderASecond() {
        RuntimeFixture.runtime(false);
        long t0 = System.nanoTime();
        Interpreter again = RuntimeFixture.runtime(false) == null ? null : null;
        try {
            again = new Provisioner(RuntimeFixture.cache(), RuntimeFixture.LOG).ensure(false);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        System.err.printf("warm runtime lookup: %.3f s%n", secs);
        assertTrue(secs < 1.0, "warm lookup took " + secs);
        assertTrue(again.freeThreaded());
    }

    @Test
    void setuptoolsProjectBuildsInAVenvForBothInterpreters() throws IOException {
        Interpreter ft = RuntimeFixture.runtime(false);
        Interpreter gil = RuntimeFixture.gil();
        Path project = RuntimeFixture.testResource("setuptools_project");
        Path workload = project.resolve("workload.py");
        BuiltExtension ftExt = RuntimeFixture.build(project, ft, tmp.resolve("ft"));
        assertEquals("tally", ftExt.module());
        assertTrue(ftExt.sources().stream().anyMatch(p -> p.endsWith("src/tally.c")));
        assertTrue(new ImportChecker().check(ftExt, ft, 60).ok());
        List<Repetition> reps = new StressRunner(RuntimeFixture.LOG).run(ftExt, ft,
                new StressOptions(workload, 8, 20_000, 2, 60, false));
        // the race itself is racy_counter's business; here: it built, imported and ran to a verdict
        assertTrue(reps.stream().allMatch(r -> r.outcome() == Outcome.PASS || r.outcome() == Outcome.INVARIANT_FAILURE),
                reps.toString());

        BuiltExtension gilExt = RuntimeFixture.build(project, gil, tmp.resolve("gil"));
        List<Repetition> gilReps = new StressRunner(RuntimeFixture.LOG).run(gilExt, gil,
                new StressOptions(workload, 8, 2000, 1, 60, false));
        assertEquals(Outcome.PASS, gilReps.get(0).outcome(), "the GIL serialises count++: " + gilReps);
    }

    @Test
    void everyModuleOfAMultiModuleBuildIsImportedAndTheOneThatReenablesTheGilIsNamed() throws IOException {
        Interpreter ft = RuntimeFixture.runtime(false);
        Path project = RuntimeFixture.testResource("multi_module_project");
        BuiltExtension all = RuntimeFixture.build(project, ft, tmp.resolve("all"));
        assertEquals("pkg._legacy,pkg._ready", all.module());
        ImportResult r = new ImportChecker().check(all, ft, 60);
        assertEquals(Outcome.GIL_REENABLED, r.outcome(), r.toString());
        assertEquals("pkg._legacy", r.module(), r.toString());
        assertTrue(r.message().contains("importing 'pkg._legacy'"), r.message());

        // --module narrows the list; the smoke workload then calls the module's own functions.
        BuiltExtension ready = new ExtensionBuilder(RuntimeFixture.LOG).build(project, "pkg._ready", ft, tmp.resolve("ready"));
        assertTrue(new ImportChecker().check(ready, ft, 60).ok());
        List<Repetition> reps = new StressRunner(RuntimeFixture.LOG).run(ready, ft, new StressOptions(null, 4, 200, 1, 60, false));
        assertEquals(1, count(reps, Outcome.PASS), reps.toString());

        // A test module inside the package runs from the build (the copied source package has no compiled module).
        TestRun run = new PytestRunner(RuntimeFixture.LOG, tmp, RuntimeFixture.cache().root().resolve("venvs"))
                .run("in-package", ready, ft, List.of(project.resolve("src/pkg/tests.py")), 1, 300);
        assertEquals(List.of("passed"), run.cases().stream().map(TestRun.Case::outcome).toList(), run.toString());
    }

    @Test
    void pythonOptionRejectsAGilInterpreterAndAcceptsAFreeThreadedOne() throws IOException {
        Interpreter ft = RuntimeFixture.runtime(false);
        Interpreter gil = RuntimeFixture.gil();
        Harness h = new Harness(RuntimeFixture.cache(), RuntimeFixture.LOG);
        HarnessException e = org.junit.jupiter.api.Assertions.assertThrows(HarnessException.class,
                () -> h.freeThreaded(gil.executable(), false));
        assertTrue(e.getMessage().contains("free-threaded"), e.getMessage());
        Interpreter chosen = h.freeThreaded(ft.executable(), false);
        assertTrue(chosen.freeThreaded());
        assertEquals(ft.extSuffix(), chosen.extSuffix());
    }
}
