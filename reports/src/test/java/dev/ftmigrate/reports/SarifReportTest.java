package dev.ftmigrate.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.ValidationMessage;
import dev.ftmigrate.analyzer.SourceFile;
import dev.ftmigrate.rules.Finding;
import dev.ftmigrate.rules.ScanResult;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class SarifReportTest {
    private static String sarif(ScanResult r) {
        return SarifReport.render(r, ReportOptions.defaults());
    }

    @Test
    void validatesAgainstOfficialSchema() {
        for (ScanResult r : List.of(Fixtures.result(), Fixtures.empty())) {
            Set<ValidationMessage> errors = SarifSchema.validate(sarif(r));
            assertTrue(errors.isEmpty(), () -> "schema errors: " + errors);
        }
        String withRoot = SarifReport.render(Fixtures.result(),
                Fixtures.withSources().withSrcRoot(URI.create("file:///home/dev/ext/")));
        assertTrue(SarifSchema.validate(withRoot).isEmpty(), () -> "schema errors: " + SarifSchema.validate(withRoot));
    }

    @Test
    void validatorRejectsBrokenDocuments() {
        ObjectNode doc = (ObjectNode) SarifSchema.read(sarif(Fixtures.result()));
        ObjectNode noVersion = doc.deepCopy();
        noVersion.remove("version");
        assertFalse(SarifSchema.validate(noVersion.toString()).isEmpty(), "missing version must be rejected");

        ObjectNode badLevel = doc.deepCopy();
        ((ObjectNode) badLevel.at("/runs/0/results/0")).put("level", "fatal");
        assertFalse(SarifSchema.validate(badLevel.toString()).isEmpty(), "unknown level must be rejected");

        ObjectNode badLine = doc.deepCopy();
        ((ObjectNode) badLine.at("/runs/0/results/0/locations/0/physicalLocation/region")).put("startLine", 0);
        assertFalse(SarifSchema.validate(badLine.toString()).isEmpty(), "startLine 0 must be rejected");

        ObjectNode extra = doc.deepCopy();
        ((ObjectNode) extra.at("/runs/0")).put("notASarifProperty", true);
        assertFalse(SarifSchema.validate(extra.toString()).isEmpty(), "unknown run property must be rejected");
    }

    @Test
    void testResourceIsTheSharedSchema() throws Exception {
        var shared = SarifSchema.sharedCopy();
        Assumptions.assumeTrue(shared.isPresent(), "shared/ not beside the repo");
        assertEquals(SarifSchema.read(Files.readString(shared.get())), SarifSchema.read(SarifSchema.resourceText()));
    }

    @Test
    void driverAndRules() {
        JsonNode root = SarifSchema.read(sarif(Fixtures.result()));
        assertEquals(SarifReport.SCHEMA, root.get("$schema").asText());
        assertEquals("2.1.0", root.get("version").asText());
        assertEquals(1, root.get("runs").size());
        JsonNode driver = root.at("/runs/0/tool/driver");
        assertEquals("ftmigrate", driver.get("name").asText());
        assertEquals(ReportOptions.DEFAULT_VERSION, driver.get("version").asText());
        assertEquals(ReportOptions.DEFAULT_INFORMATION_URI, driver.get("informationUri").asText());
        JsonNode rules = driver.get("rules");
        assertEquals(List.of("FT201", "FT301", "FT401"), rules.findValuesAsText("id"));
        JsonNode ft301 = rules.get(1);
        assertEquals("borrowed-dict-item", ft301.get("name").asText());
        assertEquals(Fixtures.FT301.summary(), ft301.at("/shortDescription/text").asText());
        assertEquals(Fixtures.FT301.rationale(), ft301.at("/fullDescription/text").asText());
        assertTrue(ft301.at("/help/text").asText().startsWith(Fixtures.FT301.fixHint()));
        assertTrue(ft301.at("/help/text").asText().contains(Fixtures.FT301.fixedExample()));
        assertTrue(ft301.at("/help/markdown").asText().contains("```c\n" + Fixtures.FT301.example() + "\n```"));
        assertEquals("warning", ft301.at("/defaultConfiguration/level").asText());
        assertEquals("borrowed references", ft301.at("/properties/category").asText());
        assertEquals("review", ft301.at("/properties/fixSafety").asText());
        assertEquals("3.13", ft301.at("/properties/sinceCPython").asText());
        assertEquals("free-threading", ft301.at("/properties/tags/0").asText());
        assertEquals("error", rules.get(2).at("/defaultConfiguration/level").asText());
    }

    @Test
    void resultsCarryLocationsEvidenceFlowsAndFixes() {
        JsonNode run = SarifSchema.read(sarif(Fixtures.result())).at("/runs/0");
        JsonNode results = run.get("results");
        assertEquals(3, results.size());
        JsonNode r = results.get(0);
        assertEquals("FT301", r.get("ruleId").asText());
        assertEquals("FT301", run.at("/tool/driver/rules/" + r.get("ruleIndex").asInt() + "/id").asText());
        assertEquals("warning", r.get("level").asText());
        JsonNode pl = r.at("/locations/0/physicalLocation");
        assertEquals("src/mod.c", pl.at("/artifactLocation/uri").asText());
        assertEquals("%SRCROOT%", pl.at("/artifactLocation/uriBaseId").asText());
        assertEquals("src/mod.c", run.at("/artifacts/" + pl.at("/artifactLocation/index").asInt() + "/location/uri").asText());
        assertEquals(10, pl.at("/region/startLine").asInt());
        assertEquals(19, pl.at("/region/startColumn").asInt());
        assertEquals(10, pl.at("/region/endLine").asInt());
        assertEquals(41, pl.at("/region/endColumn").asInt());
        assertEquals("PyObject *item = PyDict_GetItem(d, key);", pl.at("/region/snippet/text").asText());
        assertTrue(r.at("/partialFingerprints/ftmigrate~1v1").asText().matches("[0-9a-f]{32}:1"));
        assertEquals("high", r.at("/properties/confidence").asText());
        assertEquals("PyDict_GetItem", r.at("/properties/subject").asText());
        assertEquals("lookup", r.at("/properties/function").asText());

        JsonNode rel = r.get("relatedLocations");
        assertEquals(2, rel.size());
        assertEquals(1, rel.get(0).get("id").asInt());
        assertEquals(2, rel.get(1).get("id").asInt());
        assertEquals("entry point: lookup is a METH_O method", rel.get(0).at("/message/text").asText());
        assertEquals(16, rel.get(0).at("/physicalLocation/region/startLine").asInt());

        JsonNode flow = r.at("/codeFlows/0/threadFlows/0/locations");
        assertEquals(3, flow.size(), "two evidence steps then the hazard");
        assertEquals(16, flow.get(0).at("/location/physicalLocation/region/startLine").asInt());
        assertEquals(10, flow.get(2).at("/location/physicalLocation/region/startLine").asInt());

        JsonNode fix = r.at("/fixes/0");
        assertTrue(fix.at("/description/text").asText().startsWith("Use PyDict_GetItemRef"));
        JsonNode reps = fix.at("/artifactChanges/0/replacements");
        assertEquals("src/mod.c", fix.at("/artifactChanges/0/artifactLocation/uri").asText());
        int call = Fixtures.MOD_TEXT.indexOf("PyDict_GetItem(d, key)");
        assertEquals(call, reps.get(0).at("/deletedRegion/charOffset").asInt());
        assertEquals(14, reps.get(0).at("/deletedRegion/charLength").asInt());
        assertEquals("PyDict_GetItemRef", reps.get(0).at("/insertedContent/text").asText());
        assertEquals(0, reps.get(1).at("/deletedRegion/charLength").asInt());

        JsonNode counter = results.get(1);
        assertEquals("FT401", counter.get("ruleId").asText());
        assertEquals(1, counter.get("relatedLocations").size());
        assertFalse(counter.has("codeFlows"), "one evidence location is no path");
        assertFalse(counter.has("fixes"));
        JsonNode gil = results.get(2);
        assertFalse(gil.has("relatedLocations"));
        assertFalse(gil.at("/properties").has("function"), "file-scope finding has no function");
        assertEquals("src/other.c", gil.at("/fixes/0/artifactChanges/0/artifactLocation/uri").asText());
    }

    @Test
    void aFixServingSeveralResultsIsWrittenOnceAndTheOthersPointToIt() {
        String doc = sarif(Fixtures.withFindings(Fixtures.sharedLockFindings()));
        assertTrue(SarifSchema.validate(doc).isEmpty(), () -> "schema errors: " + SarifSchema.validate(doc));
        JsonNode results = SarifSchema.read(doc).at("/runs/0/results");
        assertEquals("cache", results.at("/0/properties/subject").asText());
        assertEquals(2, results.at("/0/fixes/0/artifactChanges/0/replacements").size());
        assertTrue(results.at("/0/properties/fixEditsWith").isMissingNode());
        assertTrue(results.at("/1/fixes").isMissingNode());
        assertEquals(results.at("/0/partialFingerprints/ftmigrate~1v1").asText(), results.at("/1/properties/fixEditsWith").asText());
        assertEquals(results.at("/0/properties/fixDescription"), results.at("/1/properties/fixDescription"));
    }

    @Test
    void invocationsArtifactsAndBaseIds() {
        JsonNode run = SarifSchema.read(sarif(Fixtures.result())).at("/runs/0");
        JsonNode inv = run.at("/invocations/0");
        assertTrue(inv.get("executionSuccessful").asBoolean());
        JsonNode notes = inv.get("toolExecutionNotifications");
        assertEquals(2, notes.size());
        assertEquals("warning", notes.get(1).get("level").asText());
        String msg = notes.get(1).at("/message/text").asText();
        assertTrue(msg.contains("src/other.c") && msg.contains("3 parser problem nodes"), msg);
        assertTrue(notes.get(0).at("/message/text").asText().contains("src/blob.c"));
        assertEquals(List.of("src/blob.c", "src/mod.c", "src/other.c"), run.get("artifacts").findValuesAsText("uri"));
        assertTrue(run.at("/originalUriBaseIds/%SRCROOT%").has("description"));
        assertFalse(run.at("/originalUriBaseIds/%SRCROOT%").has("uri"));
        assertEquals(2, run.at("/properties/suppressed").asInt());
        assertEquals(1, run.at("/properties/baselined").asInt());
        assertFalse(SarifSchema.read(sarif(Fixtures.empty())).at("/runs/0/invocations/0").has("toolExecutionNotifications"));

        JsonNode rooted = SarifSchema.read(SarifReport.render(Fixtures.result(),
                ReportOptions.defaults().withSrcRoot(URI.create("file:///home/dev/ext/")))).at("/runs/0");
        assertEquals("file:///home/dev/ext/", rooted.at("/originalUriBaseIds/%SRCROOT%/uri").asText());
        assertEquals("src/mod.c", rooted.at("/results/0/locations/0/physicalLocation/artifactLocation/uri").asText());
        assertThrows(IllegalArgumentException.class, () -> ReportOptions.defaults().withSrcRoot(URI.create("file:///no-slash")));
    }

    @Test
    void urisAreRelativeAndEncoded() {
        String out = sarif(Fixtures.result());
        assertFalse(out.contains("file:"), "no absolute URI without a srcRoot");
        assertFalse(out.contains(System.getProperty("user.dir")), "no working directory leaks in");
        for (JsonNode uri : SarifSchema.read(out).findValues("uri")) {
            assertFalse(uri.asText().startsWith("/"), uri.asText());
            assertFalse(URI.create(uri.asText()).isAbsolute(), uri.asText());
        }
        assertEquals("src/sub%20dir/a%3Ab.c", Uris.relative("./src\\sub dir/a:b.c"));
        assertEquals("caf%C3%A9.c", Uris.relative("café.c"));
        assertEquals("file:///abs/x.c", Uris.relative("/abs/x.c"));
        assertEquals("file:///C:/x/y.c", Uris.relative("C:\\x\\y.c"));
    }

    @Test
    void fingerprintsSurviveLineMoves() {
        SourceFile moved = SourceFile.ofText(Fixtures.MOD, "/* header */\n\n// more lines\n" + Fixtures.MOD_TEXT);
        Finding before = Fixtures.dictFinding(Fixtures.MOD_FILE);
        Finding after = Fixtures.dictFinding(moved);
        assertNotEquals(before.location().startLine(), after.location().startLine());
        JsonNode a = SarifSchema.read(sarif(Fixtures.withFindings(List.of(before))));
        JsonNode b = SarifSchema.read(sarif(Fixtures.withFindings(List.of(after))));
        String fa = a.at("/runs/0/results/0/partialFingerprints/ftmigrate~1v1").asText();
        assertEquals(fa, b.at("/runs/0/results/0/partialFingerprints/ftmigrate~1v1").asText());
        assertNotEquals(a.at("/runs/0/results/0/locations/0/physicalLocation/region/startLine"),
                b.at("/runs/0/results/0/locations/0/physicalLocation/region/startLine"));

        // Re-indenting keeps it; a different subject or function does not.
        Finding reindented = new Finding(before.ruleId(), before.level(), before.confidence(), before.location(),
                before.message(), before.subject(), before.function(), before.evidence(),
                "PyObject  *item =\tPyDict_GetItem(d, key);  ", before.fix());
        Finding otherFn = new Finding(before.ruleId(), before.level(), before.confidence(), before.location(),
                before.message(), before.subject(), "other", before.evidence(), before.snippet(), before.fix());
        assertEquals(Fingerprints.hash(before), Fingerprints.hash(reindented));
        assertNotEquals(Fingerprints.hash(before), Fingerprints.hash(otherFn));
    }

    @Test
    void identicalFindingsGetOccurrenceIndexes() {
        SourceFile twice = SourceFile.ofText(Fixtures.MOD, Fixtures.MOD_TEXT + Fixtures.MOD_TEXT);
        Finding first = Fixtures.counterFinding(twice);
        int second = twice.text().lastIndexOf("counter++");
        Finding again = new Finding(first.ruleId(), first.level(), first.confidence(),
                dev.ftmigrate.rules.Location.of(twice, second, second + 9), first.message(), first.subject(),
                first.function(), first.evidence(), first.snippet(), first.fix());
        List<String> prints = Fingerprints.of(List.of(first, again));
        String hash = Fingerprints.hash(first);
        assertEquals(List.of(hash + ":1", hash + ":2"), prints);
        ArrayNode results = (ArrayNode) SarifSchema.read(sarif(Fixtures.withFindings(List.of(again, first)))).at("/runs/0/results");
        assertEquals(hash + ":1", results.get(0).at("/partialFingerprints/ftmigrate~1v1").asText());
        assertEquals(hash + ":2", results.get(1).at("/partialFingerprints/ftmigrate~1v1").asText());
    }

    @Test
    void deterministic() {
        ScanResult r = Fixtures.result();
        String one = sarif(r);
        assertEquals(one, sarif(r), "byte-identical across renders");
        ScanResult shuffled = new ScanResult(Fixtures.reversed(r.findings()), Fixtures.reversed(r.files()),
                Fixtures.reversed(r.rules()), r.suppressed(), r.baselined());
        assertEquals(one, sarif(shuffled), "input order does not matter");
        assertTrue(one.endsWith("}\n") && !one.endsWith("\n\n"));
        assertFalse(one.contains("\r"));
        assertTrue(one.contains("\n  \"version\": \"2.1.0\",\n"), "pretty printed, two-space indent");
    }
}
