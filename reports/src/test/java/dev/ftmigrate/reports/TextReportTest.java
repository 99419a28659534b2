package dev.ftmigrate.reports;

import dev.ftmigrate.rules.Finding;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class TextReportTest {
    @Test
    void compilerStyleWithSourceCaretNotesAndFix() {
        String out = TextReport.render(Fixtures.result(), Fixtures.withSources());
        String first = """
                src/mod.c:10:19: warning FT301 [high] PyDict_GetItem returns a borrowed reference from the module dict, which other threads can modify
                   10 | \tPyObject *item = PyDict_GetItem(d, key);
                      | \t                 ^%s
                  note: src/mod.c:16:5: entry point: lookup is a METH_O method
                  note: src/mod.c:9:16: d is the module dict, shared by every thread
                  fix (review): Use PyDict_GetItemRef and Py_DECREF the result

                src/mod.c:11:2: error FT401 [medium] static `counter` is written by lookup with no lock
                """.formatted("~".repeat(21));   // "PyDict_GetItem(d, key)" is 22 chars
        assertTrue(out.startsWith(first), out);
        assertTrue(out.contains("""
                src/other.c:1:25: error FT201 [high] module slots have no Py_mod_gil entry: importing re-enables the GIL
                    1 | static PyModuleDef_Slot slots[] = {
                      |                         ^~~~~~~
                  fix (safe): Add {Py_mod_gil, Py_MOD_GIL_NOT_USED}
                """), out);
    }

    @Test
    void summaryAtTheEnd() {
        String out = TextReport.render(Fixtures.result(), ReportOptions.defaults());
        assertTrue(out.endsWith("""
                3 findings: 2 errors, 1 warning, 0 notes
                by rule: FT201 1, FT301 1, FT401 1
                3 files scanned, 2 with parse problems:
                  src/blob.c: not valid UTF-8, read as Latin-1
                  src/other.c: 3 parser problem nodes
                suppressed: 2, baselined: 1
                """), out);
        assertTrue(TextReport.render(Fixtures.empty(), ReportOptions.defaults()).equals("""
                no findings
                1 file scanned, none with parse problems
                suppressed: 0, baselined: 0
                """));
    }

    @Test
    void withoutSourcesFallsBackToSnippetAndUnderlinesSubject() {
        String out = TextReport.render(Fixtures.result(), ReportOptions.defaults());
        assertTrue(out.contains("""
                   10 | PyObject *item = PyDict_GetItem(d, key);
                      |                  ^%s
                """.formatted("~".repeat(21))), out);
        assertTrue(out.contains("   11 | counter++;\n      | ^~~~~~~~~\n"), out);
        Finding noSubject = new Finding("FT401", dev.ftmigrate.rules.Level.ERROR, dev.ftmigrate.rules.Confidence.LOW,
                Fixtures.at(Fixtures.MOD_FILE, "counter++", null), "m", null, null, List.of(), "counter++;",
                java.util.Optional.empty());
        String plain = TextReport.render(Fixtures.withFindings(List.of(noSubject)), ReportOptions.defaults());
        // No subject: no caret line; the rule's fix hint follows (no fix was planned).
        assertTrue(plain.contains("   11 | counter++;\n  fix (advice): "), plain);
    }

    @Test
    void colourIsOptIn() {
        assertFalse(TextReport.render(Fixtures.result(), ReportOptions.defaults()).contains("\u001b["));
        String coloured = TextReport.render(Fixtures.result(), ReportOptions.defaults().withColor(true));
        assertTrue(coloured.contains("\u001b[1m\u001b[33mwarning\u001b[0m"), coloured);
        assertTrue(coloured.contains("\u001b[1m\u001b[31merror\u001b[0m"));
    }

    @Test
    void multiLineMessagesStayOnOneLine() {
        Finding f = Fixtures.counterFinding(Fixtures.MOD_FILE);
        Finding multi = new Finding(f.ruleId(), f.level(), f.confidence(), f.location(), "first\nsecond",
                f.subject(), f.function(), f.evidence(), f.snippet(), f.fix());
        String out = TextReport.render(Fixtures.withFindings(List.of(multi)), ReportOptions.defaults());
        assertTrue(out.startsWith("src/mod.c:11:2: error FT401 [medium] first second\n"), out);
    }
}
