package dev.ftmigrate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class ScanCommandTest {
    static final Path SAMPLES = Path.of("../sample-extensions");
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void samplesProduceExactlyTheirExpectedFindings() throws IOException {
        CliRun run = CliRun.of("scan", SAMPLES.toString(), "--format", "json");
        assertEquals(1, run.exit(), run.err());
        JsonNode report = JSON.readTree(run.out());
        Set<String> actual = new TreeSet<>();
        for (JsonNode f : report.path("findings")) {
            actual.add(f.at("/location/path").asText() + ":" + f.at("/location/startLine").asInt() + " " + f.path("ruleId").asText());
        }
        Set<String> expected = new TreeSet<>();
        try (Stream<Path> s = Files.list(SAMPLES)) {
            for (Path dir : s.sorted().toList()) {
                Path exp = dir.resolve("expected-findings.txt");
                if (!Files.isRegularFile(exp)) continue;
                String name = dir.getFileName().toString();
                for (String line : Files.readAllLines(exp)) {
                    String[] p = line.strip().split("\\s+");
                    if (p.length == 2) expected.add("sample-extensions/" + name + "/" + name + ".c:" + p[0] + " " + p[1]);
                }
            }
        }
        assertFalse(expected.isEmpty());
        // Every expected finding is found; the hazard samples whose rules are not listed may add more.
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(actual);
        assertEquals(Set.of(), missing, "expected findings not reported");
        for (String a : actual) {
            String file = a.substring(0, a.indexOf(':'));
            boolean listed = expected.stream().anyMatch(e -> e.startsWith(file + ":"));
            if (listed) assertTrue(expected.contains(a), "unexpected finding " + a);
        }
    }

    @Test
    void sarifOutputValidatesAgainstTheSchemaAndIsDeterministic(@TempDir Path tmp) throws IOException {
        Path out1 = tmp.resolve("a.sarif"), out2 = tmp.resolve("b.sarif");
        assertEquals(1, CliRun.of("scan", SAMPLES.toString(), "--format", "sarif", "--output", out1.toString()).exit());
        assertEquals(1, CliRun.of("scan", SAMPLES.toString(), "--format", "sarif", "--output", out2.toString(), "--jobs", "1").exit());
        assertArrayEquals(Files.readAllBytes(out1), Files.readAllBytes(out2), "same input, same bytes");
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(
                Files.readString(Path.of("../reports/src/test/resources/sarif-schema-2.1.0.json")));
        JsonNode doc = JSON.readTree(out1.toFile());
        Set<ValidationMessage> errors = schema.validate(doc);
        assertEquals(Set.of(), errors);
        assertTrue(doc.at("/runs/0/results").size() > 10);
        // The rules that ran: all but the opt-in ones.
        assertEquals(dev.ftmigrate.rules.RuleCatalog.selected(java.util.List.of(), java.util.List.of()).size(),
                doc.at("/runs/0/tool/driver/rules").size());
        assertFalse(Files.readString(out1).contains(Path.of("").toAbsolutePath().toString()), "no absolute paths");
    }

    @Test
    void failOnSelectIgnoreAndSuppressions(@TempDir Path tmp) throws IOException {
        Path c = tmp.resolve("m.c");
        Files.writeString(c, """
                #include <Python.h>
                static PyObject *cache;
                static PyObject *f(PyObject *self, PyObject *key) {
                    PyObject *a = PyDict_GetItem(cache, key);
                    /* ftmigrate: ignore[FT301] the cache is frozen after import */
                    PyObject *b = PyDict_GetItem(cache, key);
                    return PyLong_FromSsize_t(self->ob_refcnt + (a == b));
                }
                static PyObject *put(PyObject *self, PyObject *key) {
                    if (PyDict_SetItem(cache, key, key) < 0) return NULL;  /* mutated at run time: shared */
                    Py_RETURN_NONE;
                }
                """);
        CliRun all = CliRun.of("scan", c.toString(), "--format", "json");
        assertEquals(1, all.exit());
        JsonNode r = JSON.readTree(all.out());
        assertEquals(2, r.path("findings").size());
        assertEquals(1, r.at("/summary/suppressed").asInt(), all.out());

        assertEquals(0, CliRun.of("scan", c.toString(), "--fail-on", "never").exit());
        assertEquals(1, CliRun.of("scan", c.toString(), "--fail-on", "error").exit(), "FT101 is an error");
        assertEquals(0, CliRun.of("scan", c.toString(), "--fail-on", "error", "--ignore", "FT1").exit());
        CliRun sel = CliRun.of("scan", c.toString(), "--select", "FT301", "--format", "json");
        assertEquals(1, JSON.readTree(sel.out()).path("findings").size());
    }

    /** A scan's cache keeps what scans use; once a day it drops entries no scan used for a week. */
    @Test
    void aScanSweepsItsCacheOfEntriesNoScanUsedForAWeek(@TempDir Path tmp) throws IOException {
        Path c = tmp.resolve("m.c");
        Files.writeString(c, "static int f(PyObject *o) { return o->ob_refcnt; }\n");
        Path cache = tmp.resolve("cache");
        Path orphan = cache.resolve("ab").resolve("ab" + "0".repeat(62) + ".bin");
        Files.createDirectories(orphan.getParent());
        Files.writeString(orphan, "an entry of an older build");
        Files.setLastModifiedTime(orphan, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(java.time.Duration.ofDays(30))));

        CliRun first = CliRun.of("scan", c.toString(), "--cache-dir", cache.toString(), "--format", "json");
        assertEquals(1, first.exit(), first.err());
        assertFalse(Files.exists(orphan), "unused for 30 days: swept");
        assertTrue(Files.exists(cache.resolve(".last-sweep")));
        try (Stream<Path> s = Files.walk(cache)) {
            assertTrue(s.anyMatch(p -> p.toString().endsWith(".bin")), "this scan's own entries stay");
        }
        CliRun again = CliRun.of("scan", c.toString(), "--cache-dir", cache.toString(), "--format", "json");
        assertEquals(first.out(), again.out());
    }

    @Test
    void baselineLeavesOutKnownFindings(@TempDir Path tmp) throws IOException {
        Path c = tmp.resolve("m.c");
        Files.writeString(c, "static int f(PyObject *o) { return o->ob_refcnt; }\n");
        Path base = tmp.resolve("baseline.json");
        assertEquals(1, CliRun.of("scan", c.toString(), "--write-baseline", base.toString()).exit());
        // Moving the code down keeps its fingerprint: still baselined.
        Files.writeString(c, "\n\n/* moved */\nstatic int f(PyObject *o) { return o->ob_refcnt; }\n");
        assertEquals(0, CliRun.of("scan", c.toString(), "--baseline", base.toString()).exit());
        Files.writeString(c, "static int f(PyObject *o) { return o->ob_refcnt; }\nstatic int g(PyObject *o) { return o->ob_refcnt; }\n");
        assertEquals(1, CliRun.of("scan", c.toString(), "--baseline", base.toString()).exit(), "a new finding fails");
    }

    @Test
    void brokenBinaryAndLatin1FilesWarnButTheScanGoesOn(@TempDir Path tmp) throws IOException {
        Files.write(tmp.resolve("bin.c"), new byte[] {0x7f, 'E', 'L', 'F', 0, 0, 1});
        Files.write(tmp.resolve("latin1.c"), "/* caf\u00e9 */\nint f(PyObject *o) { return o->ob_refcnt; }\n".getBytes(StandardCharsets.ISO_8859_1));
        Files.writeString(tmp.resolve("broken.c"), "int f( { {{ ;; PyObject *x = PyWeakref_GetObject(r); \n");
        CliRun run = CliRun.of("scan", tmp.toString(), "--format", "json");
        assertEquals(1, run.exit(), run.err());
        assertTrue(run.err().contains("bin.c: binary file"), run.err());
        assertTrue(run.err().contains("latin1.c: not valid UTF-8"), run.err());
        JsonNode r = JSON.readTree(run.out());
        assertTrue(r.path("findings").toString().contains("FT101"));
    }

    @Test
    void userMistakesAreOneLineAndExitTwo() {
        CliRun missing = CliRun.of("scan", "/no/such/dir");
        assertEquals(2, missing.exit());
        assertEquals(1, missing.err().strip().lines().count(), missing.err());
        assertEquals(2, CliRun.of("scan", "../sample-extensions", "--format", "xml").exit());
        assertEquals(2, CliRun.of("scan", "../sample-extensions", "--select", "FT999").exit());
        assertEquals(2, CliRun.of("scan", "../sample-extensions", "--fail-on", "sometimes").exit());
        assertEquals(2, CliRun.of("scan").exit());
    }

    @Test
    void pyprojectConfigIsHonoured(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("pyproject.toml"), """
                [project]
                name = "x"
                [tool.ftmigrate]
                ignore = ["FT101"]
                exclude = ["vendor/"]
                """);
        Files.createDirectories(tmp.resolve("src"));
        Files.createDirectories(tmp.resolve("vendor"));
        Files.writeString(tmp.resolve("src/m.c"), "int f(PyObject *o) { return o->ob_refcnt + (o->ob_type != 0); }\n");
        Files.writeString(tmp.resolve("vendor/v.c"), "int g(PyObject *o) { return o->ob_type != 0; }\n");
        CliRun run = CliRun.of("scan", tmp.resolve("src").toString(), tmp.resolve("vendor").toString(), "--format", "json");
        JsonNode r = JSON.readTree(run.out());
        assertEquals(1, r.path("findings").size(), run.out());
        assertEquals("FT102", r.at("/findings/0/ruleId").asText());
    }

    @Test
    void rulesCommandListsTheCatalogAndPrintsPages() {
        CliRun list = CliRun.of("rules");
        assertEquals(0, list.exit());
        assertEquals(dev.ftmigrate.rules.RuleCatalog.all().size(), list.out().lines().count());
        CliRun page = CliRun.of("rules", "FT301");
        assertTrue(page.out().startsWith("# FT301: borrowed-dict-item"));
        assertTrue(page.out().contains("PyDict_GetItemRef"));
        assertEquals(2, CliRun.of("rules", "FT000").exit());
    }

    @Test
    void committedRulePagesMatchTheMetadata(@TempDir Path tmp) throws IOException {
        assertEquals(0, CliRun.of("rules", "--docs", tmp.toString()).exit());
        try (Stream<Path> s = Files.list(tmp)) {
            for (Path generated : s.sorted().toList()) {
                Path committed = Path.of("../docs/rules").resolve(generated.getFileName());
                assertTrue(Files.exists(committed), "docs/rules lacks " + generated.getFileName() + ": run ./ftmigrate rules --docs docs/rules");
                assertEquals(Files.readString(generated), Files.readString(committed),
                        committed + " is stale: run ./ftmigrate rules --docs docs/rules");
            }
        }
    }
}
