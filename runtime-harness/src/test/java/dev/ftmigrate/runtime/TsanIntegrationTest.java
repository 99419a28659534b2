package dev.ftmigrate.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ThreadSanitizer runtime (about 4 minutes to provision cold on 2 cores, then cached). */
class TsanIntegrationTest {
    @TempDir Path tmp;

    @Test
    void racyCounterReportsADataRaceOnItsSourceLineAndTheFixIsClean() throws IOException {
        Interpreter tsan = RuntimeFixture.runtime(true);
        assertTrue(tsan.tsan());
        assertTrue(tsan.suppressions() != null && Files.isRegularFile(tsan.suppressions()), "suppressions kept beside it");
        Path dir = RuntimeFixture.sample("racy_counter");
        List<String> src = Files.readAllLines(dir.resolve("racy_counter.c"));
        int hitsLine = src.indexOf("    hits++;") + 1;
        int totalLine = src.indexOf("    total += n;") + 1;

        BuiltExtension racy = RuntimeFixture.build(dir.resolve("racy_counter.c"), tsan, tmp.resolve("racy"));
        StressOptions o = new StressOptions(dir.resolve("workload.py"), 8, 500, 3, 120, false);
        List<Repetition> reps = new StressRunner(RuntimeFixture.LOG).run(racy, tsan, o);
        for (Repetition r : reps) {
            assertEquals(Outcome.DATA_RACE, r.outcome(), r.toString());
            TsanReport t = r.races().get(0);
            assertTrue(t.location().equals("racy_counter.c:" + hitsLine) || t.location().equals("racy_counter.c:" + totalLine),
                    t.location());
            assertEquals("record", t.function());
            assertEquals(2, t.accesses().size());
            assertTrue(t.accesses().stream().allMatch(a -> a.frame().startsWith("racy_counter.c:")), t.accesses().toString());
        }

        BuiltExtension fixed = RuntimeFixture.build(dir.resolve("fixed/racy_counter.c"), tsan, tmp.resolve("fixed"));
        List<Repetition> clean = new StressRunner(RuntimeFixture.LOG).run(fixed, tsan, o);
        assertTrue(clean.stream().allMatch(Repetition::passed), clean.toString());
    }

    @Test
    void lazyCacheAndBorrowedListRacesAreMappedToTheirSources() throws IOException {
        Interpreter tsan = RuntimeFixture.runtime(true);
        for (String sample : List.of("lazy_cache", "borrowed_list")) {
            Path dir = RuntimeFixture.sample(sample);
            StressOptions o = new StressOptions(dir.resolve("workload.py"), 8, 300, 2, 120, false);
            BuiltExtension racy = RuntimeFixture.build(dir.resolve(sample + ".c"), tsan, tmp.resolve(sample));
            for (Repetition r : new StressRunner(RuntimeFixture.LOG).run(racy, tsan, o)) {
                assertEquals(Outcome.DATA_RACE, r.outcome(), r.toString());
                assertTrue(r.races().get(0).location().startsWith(sample + ".c:"), r.races().get(0).toString());
            }
            BuiltExtension fixed = RuntimeFixture.build(dir.resolve("fixed/" + sample + ".c"), tsan, tmp.resolve(sample + "-fixed"));
            List<Repetition> clean = new StressRunner(RuntimeFixture.LOG).run(fixed, tsan, o);
            assertTrue(clean.stream().allMatch(Repetition::passed), sample + ": " + clean);
        }
    }
}
