package dev.ftmigrate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/** The GitHub Action, its example workflow and the pre-commit hooks parse and hold together. */
class CiFilesTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void actionIsACompositeActionThatUploadsSarifAndUsesOnlyDeclaredInputs() throws IOException {
        String text = Files.readString(ROOT.resolve("action.yml"));
        JsonNode a = YAML.readTree(text);
        assertFalse(a.path("name").asText().isBlank());
        assertFalse(a.path("description").asText().isBlank());
        assertEquals("composite", a.at("/runs/using").asText());
        Set<String> uses = new HashSet<>();
        for (JsonNode step : a.at("/runs/steps")) {
            if (step.has("uses")) uses.add(step.get("uses").asText().replaceAll("@.*", ""));
            else {
                assertTrue(step.has("run"), step.toString());
                assertEquals("bash", step.path("shell").asText(), "composite run steps need a shell: " + step);
            }
        }
        assertTrue(uses.contains("actions/setup-java"), uses.toString());
        assertTrue(uses.contains("github/codeql-action/upload-sarif"), uses.toString());
        assertTrue(text.contains("--fail-on"), "the gate");
        // every ${{ inputs.x }} is declared, and every declared input has a description
        Set<String> declared = new HashSet<>();
        for (Iterator<String> it = a.path("inputs").fieldNames(); it.hasNext(); ) {
            String n = it.next();
            declared.add(n);
            assertFalse(a.path("inputs").path(n).path("description").asText().isBlank(), n);
        }
        Matcher m = Pattern.compile("inputs\\.([\\w-]+)").matcher(text);
        while (m.find()) assertTrue(declared.contains(m.group(1)), "undeclared input " + m.group(1));
        assertTrue(declared.containsAll(Set.of("paths", "fail-on", "diff-base")));
    }

    /** The action's step with this id, or its actions/cache step whose key starts so. */
    private static JsonNode actionStep(String idOrCacheKey) throws IOException {
        for (JsonNode step : YAML.readTree(ROOT.resolve("action.yml").toFile()).at("/runs/steps")) {
            if (step.path("id").asText().equals(idOrCacheKey)) return step;
            if (step.path("uses").asText().startsWith("actions/cache") && step.at("/with/key").asText().startsWith(idOrCacheKey)) return step;
        }
        return fail("no step " + idOrCacheKey + " in action.yml");
    }

    /** The folder the action keeps between runs is the one its scan is told to use, restored from the newest run. */
    @Test
    void actionKeepsTheScanCacheFolderItScansWith() throws IOException {
        JsonNode kept = actionStep("ftmigrate-scan-"), scan = actionStep("scan");
        String folder = kept.at("/with/path").asText();
        assertFalse(folder.isBlank());
        assertEquals(folder, scan.at("/env/FTM_CACHE_DIR").asText(), "the scan uses the folder that is kept");
        assertTrue(scan.path("run").asText().contains("--cache-dir \"$FTM_CACHE_DIR\""), scan.path("run").asText());
        String key = kept.at("/with/key").asText(), restore = kept.at("/with/restore-keys").asText();
        assertTrue(key.contains("github.sha") && key.startsWith(restore), key + " / " + restore);
        assertEquals("inputs.cache == 'true'", kept.path("if").asText());
    }

    /** The built CLI is kept under the digest of what it is built from, which the launcher prints. */
    @Test
    void actionKeepsTheBuiltCliUnderTheLaunchersInputDigest() throws IOException {
        JsonNode cli = actionStep("ftmigrate-cli-"), keys = actionStep("keys");
        assertEquals("${{ github.action_path }}/cli/target", cli.at("/with/path").asText());
        assertTrue(cli.at("/with/key").asText().contains("steps.keys.outputs.cli"));
        assertTrue(cli.at("/with/restore-keys").isMissingNode(), "only the exact build: another one would be rebuilt anyway");
        assertTrue(keys.path("run").asText().contains("cli=$(FTMIGRATE_PRINT_INPUTS=1 \"$FTM_HOME/ftmigrate\")"), keys.path("run").asText());
    }

    @Test
    void exampleWorkflowScansWithTheActionAndChecksOnFreeThreaded314() throws IOException {
        JsonNode w = YAML.readTree(ROOT.resolve(".github/workflows/ftmigrate.yml").toFile());
        assertTrue(w.has("on"), "triggers");
        JsonNode scan = w.at("/jobs/scan/steps");
        boolean usesAction = false;
        for (JsonNode s : scan) usesAction |= s.path("uses").asText().equals("./");
        assertTrue(usesAction, "the scan job runs this repository's action");
        boolean ft = false, check = false;
        for (JsonNode s : w.at("/jobs/check/steps")) {
            if (s.path("uses").asText().startsWith("actions/setup-python")) ft |= s.at("/with/python-version").asText().equals("3.14t");
            String run = s.path("run").asText();
            if (run.contains("./ftmigrate check") && run.contains("--python")) check = true;
        }
        assertTrue(ft, "actions/setup-python with 3.14t");
        assertTrue(check, "a step runs check --python");
        for (JsonNode job : w.path("jobs")) assertEquals("ubuntu-latest", job.path("runs-on").asText());
    }

    @Test
    void preCommitHooksNameAnExecutableEntryAndCFiles() throws IOException {
        JsonNode hooks = YAML.readTree(ROOT.resolve(".pre-commit-hooks.yaml").toFile());
        assertTrue(hooks.isArray() && hooks.size() >= 1);
        for (JsonNode h : hooks) {
            for (String k : new String[]{"id", "name", "entry", "language", "files"}) assertTrue(h.hasNonNull(k), k + " in " + h);
            assertEquals("script", h.get("language").asText());
            Path script = ROOT.resolve(h.get("entry").asText().split(" ")[0]);
            assertTrue(Files.isExecutable(script), script.toString());
            // pre-commit appends the staged files; the arguments must be ones the scan takes.
            String[] entry = h.get("entry").asText().split(" ");
            assertEquals("scan", entry[1], h.get("entry").asText());
            String[] args = java.util.Arrays.copyOfRange(entry, 2, entry.length + 1);
            args[args.length - 1] = "src/mod.c";
            assertDoesNotThrow(() -> new picocli.CommandLine(new ScanCommand()).parseArgs(args), h.get("entry").asText());
            assertTrue(Pattern.compile(h.get("files").asText()).matcher("src/mod.c").find());
            assertFalse(Pattern.compile(h.get("files").asText()).matcher("setup.py").find());
        }
    }
}
