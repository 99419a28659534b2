package dev.ftmigrate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code check} for real: the racy sample's own tests fail only with threads (and its workload loses updates) and
 * both failures link to the FT401 findings; the fixed variant is clean; the meson-python sample builds and passes.
 * The reports parse; the HTML page is checked in headless Chromium (screenshot: cli/target/check-report.png).
 */
class CheckCommandTest {
    static final Path SAMPLES = Path.of("../sample-extensions").toAbsolutePath().normalize();
    static final ObjectMapper JSON = new ObjectMapper();

    static void requireRuntime() {
        CliRun path = CliRun.of("runtime", "path");
        if (path.exit() != 0) {
            String why = "no cached free-threaded runtime (" + path.err().strip() + "); run ./ftmigrate runtime install";
            System.err.println("SKIPPED (visible): " + why);
            Assumptions.abort(why);
        }
    }

    /** Runs check on the racy sample (a copy) with perf measured; the reports land in {@code out}. */
    static CliRun checkRacy(Path tmp, Path out) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("racy_counter"));
        Files.copy(SAMPLES.resolve("racy_counter/racy_counter.c"), dir.resolve("racy_counter.c"));
        TreeCopy.tree(SAMPLES.resolve("racy_counter/tests"), dir.resolve("tests"));
        return CliRun.of("check", dir.resolve("racy_counter.c").toString(), "--workload",
                SAMPLES.resolve("racy_counter/workload.py").toString(), "--iterations", "500000", "--threads", "4",
                "--repeat", "2", "--output-dir", out.toString(), "-q");
    }

    @Test
    void racyCounterFailsOnlyWithThreadsAndTheFailureLinksToTheFinding(@TempDir Path tmp) throws Exception {
        requireRuntime();
        // Lost updates need two threads on two cores at once: on a loaded machine an attempt can miss them
        // (TSan finds the race deterministically: see the TSan test). Up to three attempts.
        Path out = null;
        CliRun run = null;
        JsonNode r = null;
        List<JsonNode> failures = new ArrayList<>();
        for (int attempt = 1; attempt <= 3 && failures.isEmpty(); attempt++) {
            out = tmp.resolve("out" + attempt);
            run = checkRacy(tmp.resolve("a" + attempt), out);
            r = JSON.readTree(out.resolve("check.json").toFile());
            // Each run-time failure of the racy build (the threaded test, the workload) links to FT401 on hits/total.
            r.path("threadedOnly").forEach(failures::add);
            for (JsonNode w : r.path("workloads")) if (w.path("passed").asInt() < w.path("repetitions").asInt()) failures.add(w);
        }
        assertFalse(failures.isEmpty(), "the race showed at run time in one of three attempts: " + run.out());
        assertEquals(1, run.exit(), run.out() + run.err());
        assertEquals("ftmigrate-check/1", r.path("schema").asText());
        assertFalse(r.path("verdict").path("ok").asBoolean());
        for (JsonNode f : failures) {
            JsonNode link = f.path("links").get(0);
            assertNotNull(link, f.toString());
            assertEquals("FT401", link.path("ruleId").asText());
            JsonNode finding = find(r, link.path("finding").asText());
            assertTrue(List.of("hits", "total").contains(finding.path("subject").asText()), finding.toString());
        }
        for (JsonNode t : r.path("threadedOnly")) {
            assertEquals("tests.test_racy_counter::test_hits_match_total", t.path("test").asText());
            assertFalse(t.path("alsoUnderGil").asBoolean(), "the GIL build passes the same threaded test");
        }
        // every plain run passes: the failures are the threads'
        for (JsonNode t : r.path("tests")) {
            if (t.path("threads").asInt() == 1) assertEquals(0, t.path("failed").asInt(), t.toString());
        }
        assertTrue(r.path("performance").path("scaling").size() == 4, r.path("performance").toString());
        assertTrue(r.path("performance").path("singleThread").get(0).path("original").path("runs").asInt() >= 5);
        // SARIF: the base is stated, and the threaded-only failure is a result of its own rule
        JsonNode sarif = JSON.readTree(out.resolve("check.sarif").toFile());
        JsonNode runNode = sarif.path("runs").get(0);
        assertTrue(runNode.at("/originalUriBaseIds/%SRCROOT%/uri").asText().endsWith("/racy_counter/"), runNode.at("/originalUriBaseIds").toString());
        assertEquals("racy_counter.c", runNode.at("/results/0/locations/0/physicalLocation/artifactLocation/uri").asText());
        boolean threadedResult = false;
        for (JsonNode res : runNode.path("results")) threadedResult |= res.path("ruleId").asText().equals("FTR002");
        assertEquals(r.path("threadedOnly").size() > 0, threadedResult);
        // JUnit: well-formed, one suite per test run and workload
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(out.resolve("check-junit.xml").toFile());
        assertEquals(r.path("tests").size() + r.path("workloads").size(), doc.getElementsByTagName("testsuite").getLength());
        assertEquals(r.path("threadedOnly").size() > 0, Files.readString(out.resolve("check.md")).contains("fail only with threads"));
        String html = Files.readString(out.resolve("check.html"));
        for (JsonNode f : failures) assertTrue(html.contains("href=\"#" + f.path("links").get(0).path("finding").asText() + "\""));
        Chromium.verify(out.resolve("check.html"), Path.of("target/check-report.png").toAbsolutePath());
    }

    @Test
    void fixedRacyCounterIsClean(@TempDir Path tmp) throws Exception {
        requireRuntime();
        Path out = tmp.resolve("out");
        CliRun run = CliRun.of("check", SAMPLES.resolve("racy_counter/fixed/racy_counter.c").toString(),
                "--tests", SAMPLES.resolve("racy_counter/tests").toString(),
                "--workload", SAMPLES.resolve("racy_counter/workload.py").toString(), "--iterations", "200000",
                "--no-perf", "--format", "json", "--output-dir", out.toString(), "-q");
        assertEquals(0, run.exit(), run.out() + run.err());
        JsonNode r = JSON.readTree(out.resolve("check.json").toFile());
        assertTrue(r.path("verdict").path("ok").asBoolean());
        assertEquals(0, r.path("threadedOnly").size());
        assertEquals(0, r.path("findings").size(), "the fixed variant has no finding");
        for (JsonNode t : r.path("tests")) assertEquals(0, t.path("failed").asInt(), t.toString());
        for (JsonNode w : r.path("workloads")) assertEquals(w.path("repetitions").asInt(), w.path("passed").asInt());
    }

    @Test
    void patchAppliesTheFixesToTheWorkCopyAndThePatchedBuildPasses(@TempDir Path tmp) throws Exception {
        requireRuntime();
        Path dir = Files.createDirectories(tmp.resolve("racy_counter"));
        Files.copy(SAMPLES.resolve("racy_counter/racy_counter.c"), dir.resolve("racy_counter.c"));
        byte[] before = Files.readAllBytes(dir.resolve("racy_counter.c"));
        Path out = tmp.resolve("out");
        CliRun run = CliRun.of("check", dir.resolve("racy_counter.c").toString(), "--patch", "--unsafe-fixes",
                "--workload", SAMPLES.resolve("racy_counter/workload.py").toString(), "--iterations", "20000",
                "--repeat", "1", "--no-perf", "--format", "json", "--output-dir", out.toString(), "-q");
        JsonNode r = JSON.readTree(out.resolve("check.json").toFile());
        JsonNode applied = r.path("patch").path("applied");
        assertTrue(applied.path("FT401").asInt() > 0, "the scan's fixes reach the work copy: " + r.path("patch") + run.err());
        assertTrue(r.path("patch").path("diff").asText().contains("+++ b/racy_counter.c"), r.path("patch").toString());
        assertArrayEquals(before, Files.readAllBytes(dir.resolve("racy_counter.c")), "the user's tree is never patched");
        boolean patchedImport = false;
        for (JsonNode i : r.path("imports")) {
            if (i.path("variant").asText().equals("patched")) {
                patchedImport = true;
                assertEquals("pass", i.path("outcome").asText(), i.toString());
            }
        }
        assertTrue(patchedImport, r.path("imports").toString());
    }

    @Test
    void mesonPythonSampleBuildsForBothInterpretersAndPassesThreaded(@TempDir Path tmp) throws Exception {
        requireRuntime();
        Path out = tmp.resolve("out");
        CliRun run = CliRun.of("check", SAMPLES.resolve("meson_sample").toString(), "--no-perf", "--format", "json,markdown",
                "--output-dir", out.toString(), "-q");
        assertEquals(0, run.exit(), run.out() + run.err());
        JsonNode r = JSON.readTree(out.resolve("check.json").toFile());
        assertEquals("meson-python", r.path("buildSystem").asText());
        assertEquals(2, r.path("builds").size());
        for (JsonNode b : r.path("builds")) assertTrue(b.path("ok").asBoolean(), b.toString());
        for (JsonNode i : r.path("imports")) assertEquals("pass", i.path("outcome").asText(), i.toString());
        JsonNode threaded = null;
        for (JsonNode t : r.path("tests")) if (t.path("threads").asInt() > 1 && t.path("interpreter").asText().endsWith("t")) threaded = t;
        assertNotNull(threaded);
        assertEquals(3, threaded.path("passed").asInt(), threaded.toString());
        assertTrue(Files.exists(out.resolve("check.md")));
        assertFalse(Files.exists(out.resolve("check.html")), "only the formats asked for");
    }

    /** Under ThreadSanitizer the workload's race is reported at its line and linked to the finding on its variable. */
    @Test
    void tsanRaceOnTheRacySampleLinksToTheFindingOnItsVariable(@TempDir Path tmp) throws Exception {
        requireRuntime();
        if (CliRun.of("runtime", "path", "--tsan").exit() != 0) {
            System.err.println("SKIPPED (visible): no TSan runtime; run ./ftmigrate runtime install --tsan");
            Assumptions.abort("no TSan runtime");
        }
        // the .c file alone: no tests folder, so the TSan pass is the workload's (one process, seconds)
        Path c = Files.createDirectories(tmp.resolve("alone")).resolve("racy_counter.c");
        Files.copy(SAMPLES.resolve("racy_counter/racy_counter.c"), c);
        Path out = tmp.resolve("out");
        CliRun run = CliRun.of("check", c.toString(), "--workload", SAMPLES.resolve("racy_counter/workload.py").toString(),
                "--iterations", "5000", "--repeat", "1", "--tsan", "--no-perf", "--format", "json,sarif",
                "--output-dir", out.toString(), "-q");
        assertEquals(1, run.exit(), run.out() + run.err());
        JsonNode r = JSON.readTree(out.resolve("check.json").toFile());
        JsonNode races = r.path("races");
        assertTrue(races.size() >= 1, run.out());
        for (JsonNode race : races) {
            assertTrue(race.path("location").asText().startsWith("racy_counter.c:"), race.toString());
            assertTrue(List.of("hits", "total").contains(race.path("variable").asText()), race.toString());
            JsonNode link = race.path("links").get(0);
            assertNotNull(link, "linked, not missed: " + race);
            assertEquals(race.path("variable").asText(), find(r, link.path("finding").asText()).path("subject").asText());
        }
        assertEquals(0, r.path("verdict").path("missedByScan").asInt());
        boolean sarifRace = false;
        for (JsonNode res : JSON.readTree(out.resolve("check.sarif").toFile()).at("/runs/0/results")) {
            if (res.path("ruleId").asText().equals("FTR001")) {
                sarifRace = true;
                assertEquals("racy_counter.c", res.at("/locations/0/physicalLocation/artifactLocation/uri").asText());
                assertFalse(res.at("/properties/missedByScan").asBoolean());
            }
        }
        assertTrue(sarifRace, "the race is a SARIF result");
    }

    @Test
    void badInputIsOneLineAndExitTwo(@TempDir Path tmp) {
        CliRun a = CliRun.of("check", tmp.resolve("nope").toString());
        assertEquals(2, a.exit());
        assertTrue(a.err().startsWith("ftmigrate: no such file or directory"), a.err());
        CliRun b = CliRun.of("check", SAMPLES.resolve("meson_sample").toString(), "--format", "pdf");
        assertEquals(2, b.exit());
        assertEquals(1, b.err().strip().lines().count(), b.err());
    }

    private static JsonNode find(JsonNode r, String id) {
        for (JsonNode f : r.path("findings")) if (f.path("id").asText().equals(id)) return f;
        throw new AssertionError("no finding " + id);
    }
}
