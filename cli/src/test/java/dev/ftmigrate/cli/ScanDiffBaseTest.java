package dev.ftmigrate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/** PR mode ({@code scan --diff-base REF}) with real git, and the SARIF base stated as a URI. */
class ScanDiffBaseTest {
    static final Path SAMPLES = Path.of("../sample-extensions").toAbsolutePath().normalize();

    private static void git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("git", "-c", "user.name=t", "-c", "user.email=t@t", "-C", dir.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + "\n" + out);
    }

    /** A git repository in {@code tmp} with the racy sample committed; returns the file. */
    private static Path committedSample(Path tmp) throws IOException, InterruptedException {
        Path c = tmp.resolve("racy_counter.c");
        Files.copy(SAMPLES.resolve("racy_counter/racy_counter.c"), c);
        git(tmp, "init", "-q");
        git(tmp, "add", "racy_counter.c");
        git(tmp, "commit", "-q", "-m", "base");
        return c;
    }

    private static Set<String> functions(CliRun run) throws IOException {
        Set<String> out = new TreeSet<>();
        for (JsonNode f : new ObjectMapper().readTree(run.out()).path("findings")) out.add(f.path("function").asText());
        return out;
    }

    @Test
    void onlyFindingsInFunctionsChangedSinceTheRefAndAllOfANewFile(@TempDir Path tmp) throws Exception {
        Path c = committedSample(tmp);
        assertEquals(Set.of(), functions(CliRun.of("scan", c.toString(), "--format", "json", "--diff-base", "HEAD")), "nothing changed");

        // change one line inside reset(): its findings come back, record()'s stay out
        String text = Files.readString(c);
        Files.writeString(c, text.replace("    hits = 0;\n", "    hits = 0; /* start over */\n"));
        CliRun run = CliRun.of("scan", c.toString(), "--format", "json", "--diff-base", "HEAD");
        assertEquals(1, run.exit(), run.err());
        assertEquals(Set.of("reset"), functions(run));
        assertEquals(Set.of("record", "reset"), functions(CliRun.of("scan", c.toString(), "--format", "json")), "without PR mode");

        // a file git does not know yet is new code: all of it
        Path other = tmp.resolve("call_stats.c");
        Files.copy(SAMPLES.resolve("call_stats/call_stats.c"), other);
        Set<String> all = functions(CliRun.of("scan", other.toString(), "--format", "json"));
        assertFalse(all.isEmpty());
        Set<String> expected = new TreeSet<>(all);
        expected.add("reset");
        assertEquals(expected, functions(CliRun.of("scan", tmp.toString(), "--format", "json", "--diff-base", "HEAD")));
    }

    @Test
    void aBadRefIsAUsageError(@TempDir Path tmp) throws Exception {
        Path c = committedSample(tmp);
        CliRun run = CliRun.of("scan", c.toString(), "--diff-base", "no-such-ref");
        assertEquals(2, run.exit());
        assertTrue(run.err().startsWith("ftmigrate: --diff-base no-such-ref:"), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
    }

    @Test
    void sarifStatesItsBaseUri() throws IOException {
        CliRun run = CliRun.of("scan", SAMPLES.resolve("racy_counter/racy_counter.c").toString(), "--format", "sarif");
        JsonNode runNode = new ObjectMapper().readTree(run.out()).path("runs").get(0);
        String base = runNode.at("/originalUriBaseIds/%SRCROOT%/uri").asText();
        String uri = runNode.at("/results/0/locations/0/physicalLocation/artifactLocation/uri").asText();
        assertTrue(base.startsWith("file:/") && base.endsWith("/"), base);
        assertTrue(Files.isRegularFile(Path.of(java.net.URI.create(base).resolve(uri))), base + " + " + uri + " resolves to the file");
    }
}
