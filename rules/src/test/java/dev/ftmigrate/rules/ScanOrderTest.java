package dev.ftmigrate.rules;

import dev.ftmigrate.analyzer.CParser;
import dev.ftmigrate.analyzer.ParseOptions;
import dev.ftmigrate.analyzer.input.InputFile;
import dev.ftmigrate.rules.engine.Analysis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** Files run largest first, yet each file's status and findings stay its own, in the input's order. */
class ScanOrderTest {
    private static String module(String name, int functions) {
        StringBuilder sb = new StringBuilder("#include <Python.h>\nstatic long " + name + "_calls;\n");
        for (int i = 0; i < functions; i++) {
            sb.append("static PyObject *\n").append(name).append("_f").append(i).append("(PyObject *self, PyObject *arg)\n{\n")
                    .append("    ").append(name).append("_calls++;\n    return PyLong_FromLong(").append(name).append("_calls);\n}\n");
        }
        sb.append("static PyMethodDef ").append(name).append("_methods[] = {\n");
        for (int i = 0; i < functions; i++) {
            sb.append("    {\"f").append(i).append("\", ").append(name).append("_f").append(i).append(", METH_O, NULL},\n");
        }
        return sb.append("    {NULL, NULL, 0, NULL}\n};\n").toString();
    }

    @Test
    void aLargeFileLastInTheListKeepsItsPlaceAndItsFindings(@TempDir Path dir) throws IOException {
        // Smallest first, largest last: the reverse of the order the files run in.
        Files.writeString(dir.resolve("a.c"), module("a", 1));
        Files.writeString(dir.resolve("b.c"), module("b", 5));
        Files.writeString(dir.resolve("c.c"), module("c", 40));
        List<InputFile> in = Stream.of("a.c", "b.c", "c.c").map(f -> InputFile.read(dir.resolve(f), f)).toList();
        ScanResult two = new Analysis(new CParser(ParseOptions.hermetic()), RuleCatalog.all(), 2).run(in).scan();
        ScanResult one = new Analysis(new CParser(ParseOptions.hermetic()), RuleCatalog.all(), 1).run(in).scan();

        assertEquals(List.of("a.c", "b.c", "c.c"), two.files().stream().map(FileStatus::relPath).toList());
        for (FileStatus s : two.files()) {
            assertEquals(Files.readString(dir.resolve(s.relPath())).split("\n", -1).length, s.lines(), s.relPath());
        }
        assertEquals(one.findings(), two.findings());
        for (String f : List.of("a.c", "b.c", "c.c")) {
            String name = f.substring(0, 1) + "_calls";
            assertTrue(two.findings().stream().anyMatch(x -> x.location().relPath().equals(f) && x.message().contains(name)),
                    f + ": " + two.findings());
        }
    }
}
