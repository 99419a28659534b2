package dev.ftmigrate.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class BuildDiagnosisTest {
    @Test
    void namesTheMissingHeaderOrLibrary() {
        assertTrue(BuildDiagnosis.explain("src/gmpy2.c:3:10: fatal error: gmp.h: No such file or directory\n compilation terminated.")
                .startsWith("the build needs the system header gmp.h"));
        assertTrue(BuildDiagnosis.explain("/usr/bin/ld: cannot find -lgit2: No such file or directory").contains("libgit2"));
        assertTrue(BuildDiagnosis.explain("meson.build:4:0: ERROR: Dependency \"zlib\" not found, tried pkgconfig").contains("zlib"));
        assertTrue(BuildDiagnosis.explain("CMake Error: Could NOT find OpenSSL (missing: OPENSSL_CRYPTO_LIBRARY)").contains("OpenSSL"));
        assertNull(BuildDiagnosis.explain("error: expected ';' before '}' token"));
    }

    /** A real compile of a file that includes a header the machine lacks: the build error says which. */
    @Test
    void aRealBuildFailureNamesTheHeader(@TempDir Path tmp) throws Exception {
        Path c = tmp.resolve("needs_lib.c");
        Files.writeString(c, "#include <Python.h>\n#include <ftmigrate_absent_lib.h>\nPyMODINIT_FUNC PyInit_needs_lib(void) { return NULL; }\n");
        Interpreter gil;
        try {
            gil = Interpreter.findGil();
        } catch (HarnessException e) {
            System.err.println("SKIPPED (visible): " + e.getMessage());
            org.junit.jupiter.api.Assumptions.abort(e.getMessage());
            return;
        }
        HarnessException e = assertThrows(HarnessException.class,
                () -> new ProjectBuilder(Progress.SILENT).build(c, null, gil, tmp.resolve("out")));
        assertTrue(e.getMessage().startsWith("the build needs the system header ftmigrate_absent_lib.h"), e.getMessage());
    }

    @Test
    void progressIsPlainLinesInLogsAndOneLiveLineOnATerminal() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        ConsoleProgress plain = new ConsoleProgress(new PrintStream(b, true, StandardCharsets.UTF_8), false);
        plain.step("build");
        plain.step("test\nrun");
        assertEquals(List.of("ftmigrate: build", "ftmigrate: test run"), b.toString(StandardCharsets.UTF_8).lines().toList());
        ByteArrayOutputStream l = new ByteArrayOutputStream();
        ConsoleProgress live = new ConsoleProgress(new PrintStream(l, true, StandardCharsets.UTF_8), true);
        live.step("a");
        live.step("b");
        live.close();
        assertEquals("\r\033[Kftmigrate: a\r\033[Kftmigrate: b\r\033[K", l.toString(StandardCharsets.UTF_8));
        assertSame(Progress.SILENT, ConsoleProgress.of(true));
    }
}
