package dev.ftmigrate.reports;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ftmigrate.rules.ScanResult;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.*;

class JsonReportTest {
    private static JsonNode json(ScanResult r) {
        return SarifSchema.read(JsonReport.render(r, ReportOptions.defaults()));
    }

    @Test
    void summaryAndCounts() {
        JsonNode root = json(Fixtures.result());
        assertEquals("ftmigrate-report/2", root.get("schema").asText());
        assertEquals("ftmigrate", root.at("/tool/name").asText());
        JsonNode s = root.get("summary");
        assertEquals(3, s.get("findings").asInt());
        assertEquals(2, s.at("/byLevel/error").asInt());
        assertEquals(1, s.at("/byLevel/warning").asInt());
        assertEquals(0, s.at("/byLevel/note").asInt());
        assertEquals(List.of("FT201", "FT301", "FT401"), fieldNames(s.get("byRule")));
        assertEquals(1, s.at("/byRule/FT301").asInt());
        assertEquals(3, s.get("filesScanned").asInt());
        assertEquals(2, s.get("filesWithProblems").asInt());
        assertEquals(2, s.get("suppressed").asInt());
        assertEquals(1, s.get("baselined").asInt());
    }

    @Test
    void aFixServingSeveralFindingsListsItsEditsOnce() {
        JsonNode fs = json(Fixtures.withFindings(Fixtures.sharedLockFindings())).get("findings");
        assertEquals("cache", fs.at("/0/subject").asText());
        assertEquals(2, fs.at("/0/fix/edits").size());
        assertTrue(fs.at("/0/fix/editsWith").isNull());
        assertEquals(0, fs.at("/1/fix/edits").size());
        assertEquals(fs.at("/0/fingerprint").asText(), fs.at("/1/fix/editsWith").asText());
        assertEquals(fs.at("/0/fix/description"), fs.at("/1/fix/description"));
        assertEquals("review", fs.at("/1/fix/safety").asText());
    }

    @Test
    void findingsCarryEveryField() {
        JsonNode f = json(Fixtures.result()).at("/findings/0");
        assertEquals(List.of("ruleId", "level", "confidence", "message", "subject", "function", "location",
                "snippet", "fingerprint", "evidence", "fix"), fieldNames(f));
        assertEquals("FT301", f.get("ruleId").asText());
        assertEquals("warning", f.get("level").asText());
        assertEquals("high", f.get("confidence").asText());
        assertEquals("PyDict_GetItem", f.get("subject").asText());
        assertEquals("lookup", f.get("function").asText());
        int call = Fixtures.MOD_TEXT.indexOf("PyDict_GetItem(d, key)");
        assertEquals(call, f.at("/location/startOffset").asInt());
        assertEquals(call + 22, f.at("/location/endOffset").asInt());
        assertEquals(10, f.at("/location/startLine").asInt());
        assertEquals(19, f.at("/location/startColumn").asInt());
        assertTrue(f.at("/location/message").isNull());
        assertEquals(2, f.get("evidence").size());
        assertEquals("entry point: lookup is a METH_O method", f.at("/evidence/0/message").asText());
        assertEquals(f.get("fingerprint").asText(), Fingerprints.of(List.of(Fixtures.dictFinding(Fixtures.MOD_FILE))).get(0));
        assertEquals("review", f.at("/fix/safety").asText());
        assertEquals(2, f.at("/fix/edits").size());
        assertEquals("PyDict_GetItemRef", f.at("/fix/edits/0/replacement").asText());
        assertEquals(14, f.at("/fix/edits/0/length").asInt());

        JsonNode gil = json(Fixtures.result()).at("/findings/2");
        assertTrue(gil.get("function").isNull(), "keys stay present as null");
        assertTrue(json(Fixtures.result()).at("/findings/1/fix").isNull());
    }

    @Test
    void filesAndRules() {
        JsonNode root = json(Fixtures.result());
        JsonNode files = root.get("files");
        assertEquals(List.of("src/blob.c", "src/mod.c", "src/other.c"), files.findValuesAsText("path"));
        assertEquals("not valid UTF-8, read as Latin-1", files.get(0).get("warning").asText());
        assertFalse(files.get(0).get("clean").asBoolean());
        assertTrue(files.get(1).get("clean").asBoolean());
        assertTrue(files.get(1).get("warning").isNull());
        assertEquals(3, files.get(2).get("problems").asInt());
        assertEquals(List.of("FT201", "FT301", "FT401"), root.get("rules").findValuesAsText("id"));
        assertEquals("advice", root.at("/rules/2/fixSafety").asText());
    }

    @Test
    void deterministicAndEmpty() {
        String a = JsonReport.render(Fixtures.result(), ReportOptions.defaults());
        assertEquals(a, JsonReport.render(Fixtures.result(), ReportOptions.defaults()));
        assertTrue(a.endsWith("}\n"));
        JsonNode empty = json(Fixtures.empty());
        assertEquals(0, empty.at("/summary/findings").asInt());
        assertTrue(empty.get("findings").isArray());
        assertEquals(0, empty.get("findings").size());
    }

    /** JSON-SCHEMA.md must mention every key the report can emit, so the doc cannot fall behind. */
    @Test
    void schemaDocumentCoversEveryKey() throws Exception {
        String doc = Files.readString(Path.of("JSON-SCHEMA.md"));
        Set<String> keys = new TreeSet<>();
        collectKeys(json(Fixtures.result()), keys);
        keys.removeIf(k -> k.matches("FT\\d{3}"));   // byRule keys are rule ids, documented as such
        for (String k : keys) assertTrue(doc.contains("`" + k + "`"), "JSON-SCHEMA.md does not document `" + k + "`");
        assertTrue(doc.contains(JsonReport.SCHEMA));
    }

    private static void collectKeys(JsonNode n, Set<String> keys) {
        if (n.isObject()) {
            for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                keys.add(k);
                collectKeys(n.get(k), keys);
            }
        } else if (n.isArray()) {
            n.forEach(c -> collectKeys(c, keys));
        }
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
