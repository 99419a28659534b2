package dev.ftmigrate.check;

import dev.ftmigrate.check.CheckReport.Race;
import dev.ftmigrate.runtime.BuiltExtension;
import dev.ftmigrate.runtime.HarnessException;
import dev.ftmigrate.runtime.Interpreter;
import dev.ftmigrate.runtime.Progress;
import dev.ftmigrate.runtime.ProjectBuilder;
import dev.ftmigrate.runtime.PytestRunner;
import dev.ftmigrate.runtime.Repetition;
import dev.ftmigrate.runtime.RuntimeCache;
import dev.ftmigrate.runtime.StressOptions;
import dev.ftmigrate.runtime.StressRunner;
import dev.ftmigrate.runtime.TestRun;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The ThreadSanitizer pass: each variant built with {@code -fsanitize=thread} for the TSan runtime, its threaded
 * test suite and its workloads run there, and the races in the extension collected and linked. Needs a provisioned
 * TSan runtime ({@code ftmigrate runtime install --tsan}); without one the step says so and is skipped.
 */
final class TsanStep {
    private final RuntimeCache cache;
    private final Progress progress;
    private final PytestRunner pytest;

    TsanStep(RuntimeCache cache, Progress progress, PytestRunner pytest) {
        this.cache = cache;
        this.progress = progress;
        this.pytest = pytest;
    }

    String run(CheckOptions o, Map<String, Path> targets, List<Path> tests, Linker linker, List<Race> races,
               List<TestRun> runs) throws Exception {
        Interpreter tsan = Checker.tsanInterpreter(cache);
        if (tsan == null) return "skipped: no TSan runtime (run: ftmigrate runtime install --tsan)";
        for (var t : targets.entrySet()) {
            BuiltExtension ext;
            try {
                ext = new ProjectBuilder(progress).build(t.getValue(), o.module(), tsan,
                        o.workDir().resolve("build").resolve(t.getKey() + "-" + tsan.label()));
            } catch (HarnessException e) {
                progress.step("TSan build of " + t.getKey() + " failed: " + e.getMessage());
                return "failed: TSan build of " + t.getKey() + ": " + e.getMessage();
            }
            if (!tests.isEmpty()) {
                TestRun r = pytest.run(t.getKey() + " " + tsan.label() + " x" + o.threads(), ext, tsan, tests, o.threads(),
                        o.timeout() * 4);
                runs.add(r);
                Checker.addRaces(t.getKey(), "tests", r.races(), linker, races);
            }
            for (Path w : o.workloads()) {
                // TSan slows calls 5-15x: fewer iterations, one repetition per workload.
                StressOptions so = new StressOptions(w, o.threads(), Math.max(50, o.iterations() / 10), 1, o.timeout() * 4, true);
                for (Repetition rep : new StressRunner(progress).run(ext, tsan, so)) {
                    Checker.addRaces(t.getKey(), "workload " + w.getFileName(), rep.races(), linker, races);
                }
            }
        }
        return races.size() + " races";
    }
}
