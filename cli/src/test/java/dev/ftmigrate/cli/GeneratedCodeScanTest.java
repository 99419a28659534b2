package dev.ftmigrate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.*;

/** Generated files get one summary finding by default and the full analysis with --no-skip-generated. */
class GeneratedCodeScanTest {
    static final Path FIXTURES = Path.of("../rules/src/test/resources/fixtures/FT602");
    static final ObjectMapper JSON = new ObjectMapper();

    private static Set<String> findings(String... extra) throws IOException {
        String[] args = new String[4 + extra.length];
        args[0] = "scan"; args[1] = FIXTURES.toString(); args[2] = "--format"; args[3] = "json";
        System.arraycopy(extra, 0, args, 4, extra.length);
        CliRun run = CliRun.of(args);
        assertNotEquals(2, run.exit(), run.err());
        Set<String> out = new TreeSet<>();
        for (JsonNode f : JSON.readTree(run.out()).path("findings")) {
            String path = f.at("/location/path").asText();
            out.add(path.substring(path.lastIndexOf('/') + 1) + ":" + f.at("/location/startLine").asInt() + " " + f.path("ruleId").asText()
                    + (f.path("ruleId").asText().equals("FT602") ? " " + f.path("subject").asText() : ""));
        }
        return out;
    }

    @Test
    void eachGeneratedFileGetsOneFindingNamingItsGenerator() throws IOException {
        assertEquals(Set.of(
                "positive_cffi.c:1 FT602 cffi",
                "positive_clinic.c:1 FT602 Argument Clinic",
                "positive_f2c_banner.c:1 FT602 f2c 20100827",
                "positive_f2c_vendored.c:1 FT602 f2c",
                "positive_mypyc.c:1 FT602 mypyc",
                "positive_swig.c:1 FT602 SWIG 4.1.1"), findings());
    }

    @Test
    void noSkipGeneratedAnalysesThemLikeHandWrittenCode() throws IOException {
        Set<String> all = findings("--no-skip-generated");
        assertTrue(all.containsAll(findings()), "the summaries stay: " + all);
        // The SWIG wrapper's counter++ is a method's unlocked static write: reported once analysed.
        assertTrue(all.contains("positive_swig.c:17 FT401"), all.toString());
    }
}
