package dev.ftmigrate.analyzer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** A missing configuration header is one note per file; other missing headers are not. */
class ConfigHeadersTest {
    private static final CParser PARSER = new CParser(ParseOptions.hermetic());

    @TempDir Path dir;

    private List<String> warnings(String text) throws IOException {
        Path c = dir.resolve("ext.c");
        Files.writeString(c, text);
        return PARSER.parse(SourceFile.read(c, "ext.c")).warnings();
    }

    @Test
    void missingConfigHeadersMakeOneNoteNamingThem() throws IOException {
        List<String> w = warnings("""
                #include <Python.h>
                #include <sys/missing_config.h>
                #include "config.h"
                #include "lib/mylib_config.h"
                #include "mylib.h"
                #include "pyconfig.h"
                #include "pycore_initconfig.h"
                #ifdef NEVER
                #include "other_config.h"
                #endif
                #ifdef HAVE_FAST_PATH
                static int fast = 1;
                #endif
                """);
        assertEquals(1, w.size(), w.toString());
        assertTrue(w.get(0).startsWith("configuration header \"config.h\", \"lib/mylib_config.h\" not found"), w.get(0));
        assertTrue(w.get(0).contains("-I DIR") && w.get(0).contains("configure"), w.get(0));
    }

    @Test
    void aPresentConfigHeaderOrNoneAtAllIsQuiet() throws IOException {
        Files.writeString(dir.resolve("config.h"), "#define HAVE_FAST_PATH 1\n");
        assertEquals(List.of(), warnings("#include \"config.h\"\n#include \"mylib.h\"\nint x;\n"));
        assertEquals(List.of(), warnings("#include <Python.h>\nint x;\n"));
    }
}
