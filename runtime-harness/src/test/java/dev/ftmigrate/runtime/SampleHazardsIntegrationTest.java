package dev.ftmigrate.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each hazard sample's workload exposes its hazard on the free-threaded runtime; its fixed variant passes. */
class SampleHazardsIntegrationTest {
    @TempDir Path tmp;

    private List<Repetition> stress(String sample, String file, int iterations, int repeat) throws IOException {
        Interpreter ft = RuntimeFixture.runtime(false);
        Path dir = RuntimeFixture.sample(sample);
        BuiltExtension ext = RuntimeFixture.build(dir.resolve(file), ft, tmp.resolve(file.replace('/', '_')));
        return new StressRunner(RuntimeFixture.LOG).run(ext, ft,
                new StressOptions(dir.resolve("workload.py"), 8, iterations, repeat, 30, false));
    }

    @Test
    void lazyCacheBuildsItsTableMoreThanOnceAndTheFixBuildsItOnce() throws IOException {
        List<Repetition> racy = stress("lazy_cache", "lazy_cache.c", 200, 10);
        long doubles = racy.stream().filter(r -> r.outcome() == Outcome.INVARIANT_FAILURE
                && r.message().contains("built")).count();
        assertTrue(doubles >= 4, "double creation in most repetitions: " + racy);
        assertTrue(stress("lazy_cache", "fixed/lazy_cache.c", 200, 6).stream().allMatch(Repetition::passed));
    }

    @Test
    void borrowedListItemIsCorruptedUnderAConcurrentWriterAndTheFixIsNot() throws IOException {
        List<Repetition> racy = stress("borrowed_list", "borrowed_list.c", 20_000, 10);
        Set<Outcome> bad = Set.of(Outcome.INVARIANT_FAILURE, Outcome.CRASH, Outcome.TIMEOUT, Outcome.EXCEPTION);
        long failed = racy.stream().filter(r -> bad.contains(r.outcome())).count();
        assertTrue(failed >= 4, "corruption, crash or hang in most repetitions: " + racy);
        List<Repetition> fixed = stress("borrowed_list", "fixed/borrowed_list.c", 20_000, 6);
        assertTrue(fixed.stream().allMatch(Repetition::passed), fixed.toString());
    }

    @Test
    void scalingTableComparesFreeThreadedAndGil() throws IOException {
        RuntimeFixture.runtime(false);
        RuntimeFixture.gil();
        Path dir = RuntimeFixture.sample("no_mod_gil");
        StressReport rep = new Harness(RuntimeFixture.cache(), RuntimeFixture.LOG).stress(new Harness.Request(
                dir.resolve("fixed/no_mod_gil.c"), null, null, false,
                new StressOptions(dir.resolve("workload.py"), 2, 5000, 1, 60, false), true, tmp));
        ScalingResult s = rep.scaling();
        assertEquals(null, s.error(), String.valueOf(s.error()));
        assertEquals(2, s.rows().size());
        assertEquals(1.0, s.rows().get(0).ftSpeedup());
        assertTrue(s.rows().get(1).ftCallsPerSecond() > 0 && s.rows().get(1).gilCallsPerSecond() > 0);
        System.err.println("scaling: " + s.rows());
    }
}
