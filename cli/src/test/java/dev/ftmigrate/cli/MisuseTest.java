package dev.ftmigrate.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every misuse the reliability pass found: exit 2, one line on stderr that names the option or the
 * config file and key, nothing on stdout, never a stack trace; unknown config keys are a warning.
 */
class MisuseTest {
    static final String C = "static int n; int f(void) { return n++; }\n";

    /** {args..., expected text in the error line}; "$T" is the test's folder (with src/m.c in it). */
    static List<org.junit.jupiter.params.provider.Arguments> misuses() {
        return wrap(
                new String[] {"scan", "$T/src", "--jobs", "0", "--jobs must be between 1 and 256"},
                new String[] {"scan", "$T/src", "--jobs", "-1", "--jobs must be between 1 and 256"},
                new String[] {"scan", "$T/src", "--jobs", "1000", "--jobs must be between 1 and 256"},
                new String[] {"scan", "$T/src", "--jobs", "many", "--jobs"},
                new String[] {"scan", "$T/src", "--select", "", "--select: empty rule id"},
                new String[] {"scan", "$T/src", "--ignore", "FT1,,FT2", "--ignore: empty rule id"},
                new String[] {"scan", "$T/src", "-I", "/nonexistent", "-I /nonexistent: no such directory"},
                new String[] {"scan", "$T/src", "-D", "=", "-D '=': '' is not a macro name"},
                new String[] {"scan", "$T/src", "-D", "1X=2", "is not a macro name"},
                new String[] {"scan", "$T/src", "--exclude", "src/[a-", "--exclude: invalid exclude pattern 'src/[a-'"},
                new String[] {"scan", "$T/src", "--fail-on", "bogus", "--fail-on: unknown level 'bogus'"},
                new String[] {"scan", "$T/src", "--format", "xml", "unknown --format 'xml'"},
                new String[] {"scan", "$T/src", "--baseline", "$T/bad-baseline.json", "not a baseline file"},
                new String[] {"scan", "$T/src", "--baseline", "$T/nope.json", "--baseline $T/nope.json: no such file"},
                new String[] {"scan", "$T/src", "--output", "$T", "--output $T: is a directory"},
                new String[] {"scan", "$T/src", "--file-timeout", "0", "--file-timeout must be a positive number"},
                new String[] {"scan", "$T/fifo.c", "not a regular file or directory"},
                new String[] {"scan", "/dev/null", "not a regular file or directory"},
                new String[] {"bench", "$T/src", "--repeat", "0", "--repeat must be at least 1"},
                new String[] {"bench", "$T/src", "--warmup", "-1", "--warmup must be 0 or more"},
                new String[] {"patch", "$T/src", "--backup", "--backup needs --apply"},
                new String[] {"patch", "$T/src", "--output-dir", "$T/src/m.c", "not a directory"},
                new String[] {"stress", "$T/src/m.c", "--memory", "lots", "--memory: 'lots' is not a size"},
                new String[] {"stress", "$T/src/m.c", "--memory", "1K", "too small"});
    }

    static List<org.junit.jupiter.params.provider.Arguments> configMisuses() {
        return wrap(
                new String[] {"[tool.ftmigrate\nselect = 1", "not valid TOML"},
                new String[] {"[tool.ftmigrate]\nselect = 1", "[tool.ftmigrate] select: expected a list of strings, got a number"},
                new String[] {"[tool.ftmigrate]\nignore = [1, 2]", "[tool.ftmigrate] ignore: expected a list of strings, got a number"},
                new String[] {"[tool.ftmigrate]\nfail-on = [\"error\"]", "[tool.ftmigrate] fail-on: expected a string, got an array"},
                new String[] {"[tool.ftmigrate]\nfail-on = \"sometimes\"", "[tool.ftmigrate] fail-on: unknown level 'sometimes'"},
                new String[] {"[tool.ftmigrate]\nexclude = [\"a/[b\"]", "[tool.ftmigrate] exclude: invalid exclude pattern"},
                new String[] {"[tool.ftmigrate]\nselect = [\"FT999\"]", "[tool.ftmigrate] select: unknown rule 'FT999'"},
                new String[] {"[tool.ftmigrate]\ndefines = [\"X\"]", "[tool.ftmigrate] defines: expected a table"},
                new String[] {"[tool.ftmigrate]\ndefines = { \"1A\" = \"2\" }", "defines: '1A' is not a macro name"},
                new String[] {"[tool.ftmigrate]\ninclude-dirs = [\"nope\"]", "include-dirs: nope: no such directory"},
                new String[] {"[tool.ftmigrate]\nbaseline = \"missing.json\"", "baseline: "},
                new String[] {"[tool.ftmigrate]\nbaseline = 3", "[tool.ftmigrate] baseline: expected a string, got a number"});
    }

    private static List<org.junit.jupiter.params.provider.Arguments> wrap(String[]... cases) {
        return java.util.Arrays.stream(cases).map(c -> org.junit.jupiter.params.provider.Arguments.of((Object) c)).toList();
    }

    @TempDir Path tmp;

    private void setUp() throws IOException, InterruptedException {
        Files.createDirectories(tmp.resolve("src"));
        Files.writeString(tmp.resolve("src/m.c"), C);
        Files.writeString(tmp.resolve("bad-baseline.json"), "{ not json");
        new ProcessBuilder("mkfifo", tmp.resolve("fifo.c").toString()).start().waitFor();
    }

    private static void assertOneLineError(CliRun run, String expected) {
        assertEquals(2, run.exit(), run.err());
        assertEquals("", run.out(), "nothing printed before the error");
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().startsWith("ftmigrate: "), run.err());
        assertTrue(run.err().contains(expected), "expected '" + expected + "' in: " + run.err());
    }

    @ParameterizedTest
    @MethodSource("misuses")
    void optionMisuseIsOneLineAndExitTwo(String[] c) throws Exception {
        setUp();
        List<String> args = new ArrayList<>();
        for (int i = 0; i < c.length - 1; i++) args.add(c[i].replace("$T", tmp.toString()));
        assertOneLineError(CliRun.of(args.toArray(String[]::new)), c[c.length - 1].replace("$T", tmp.toString()));
    }

    @ParameterizedTest
    @MethodSource("configMisuses")
    void configMisuseNamesTheFileAndTheKey(String[] c) throws Exception {
        setUp();
        Files.writeString(tmp.resolve("pyproject.toml"), c[0] + "\n");
        CliRun run = CliRun.of("scan", tmp.resolve("src").toString());
        assertOneLineError(run, c[1]);
        assertTrue(run.err().contains(tmp.resolve("pyproject.toml").toString()), "names the file: " + run.err());
    }

    @Test
    void unknownConfigKeysAreAWarning() throws Exception {
        setUp();
        Files.writeString(tmp.resolve("pyproject.toml"), "[tool.ftmigrate]\nselct = [\"FT4\"]\n");
        CliRun run = CliRun.of("scan", tmp.resolve("src").toString(), "--fail-on", "never");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.err().contains("unknown key 'selct' in [tool.ftmigrate] ignored"), run.err());
        assertTrue(run.out().contains("FT401"), "the scan still ran: " + run.out());
    }
}
