package dev.ftmigrate.reports;

import dev.ftmigrate.rules.Finding;
import dev.ftmigrate.rules.Location;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class MarkdownReportTest {
    @Test
    void headingTableAndParseNote() {
        String md = MarkdownReport.render(Fixtures.result(), ReportOptions.defaults());
        assertTrue(md.startsWith("## ftmigrate: 3 free-threading findings\n\n"), md);
        assertTrue(md.contains("2 errors, 1 warning, 0 notes in 2 of 3 files scanned; 2 suppressed, 1 baselined."));
        assertTrue(md.contains("""
                | Rule | Name | Count | Highest level |
                | --- | --- | ---: | --- |
                | FT201 | missing-mod-gil | 1 | error |
                | FT301 | borrowed-dict-item | 1 | warning |
                | FT401 | unlocked-static | 1 | error |
                """), md);
        assertTrue(md.contains("> **Note:** 2 files could not be parsed completely"));
        assertTrue(md.contains("- `src/other.c`: 3 parser problem nodes\n"));
        assertFalse(md.contains("http"), "links-free");
    }

    @Test
    void findingsGroupedByFileWithNestedEvidence() {
        String md = MarkdownReport.render(Fixtures.result(), ReportOptions.defaults());
        assertTrue(md.contains("""
                ### `src/mod.c`

                - `src/mod.c:10` **FT301** warning (high confidence): PyDict_GetItem returns a borrowed reference from the module dict, which other threads can modify
                  - `src/mod.c:16` entry point: lookup is a METH_O method
                  - `src/mod.c:9` d is the module dict, shared by every thread
                  - fix (review): Use PyDict_GetItemRef and Py_DECREF the result
                - `src/mod.c:11` **FT401** error (medium confidence): static `counter` is written by lookup with no lock
                  - `src/mod.c:16` entry point
                """), md);
        assertTrue(md.indexOf("### `src/mod.c`") < md.indexOf("### `src/other.c`"));
        assertFalse(md.contains("<details>"), "short lists stay open");
    }

    @Test
    void longListsCollapse() {
        Finding f = Fixtures.counterFinding(Fixtures.MOD_FILE);
        List<Finding> many = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Location l = Location.of(Fixtures.MOD_FILE, i, i + 1);
            many.add(new Finding(f.ruleId(), f.level(), f.confidence(), l, "m" + i, f.subject(), f.function(),
                    f.evidence(), f.snippet(), f.fix()));
        }
        String md = MarkdownReport.render(Fixtures.withFindings(many), ReportOptions.defaults().withCollapseThreshold(3));
        assertTrue(md.contains("<details>\n<summary>4 findings in <code>src/mod.c</code></summary>\n\n- "), md);
        assertTrue(md.contains("</details>\n"));
        assertFalse(MarkdownReport.render(Fixtures.withFindings(many), ReportOptions.defaults()).contains("<details>"));
    }

    @Test
    void escapesMarkdownButKeepsCodeSpans() {
        assertEquals("a \\<b\\> \\*c\\* `x<y> *z*` Py_mod_gil \\_private", MarkdownReport.text("a <b> *c* `x<y> *z*` Py_mod_gil _private"));
        assertEquals("odd \\` tick", MarkdownReport.text("odd ` tick"));
        assertEquals("one line", MarkdownReport.text("one\nline"));
        assertEquals("`` a`b ``", MarkdownReport.code("a`b"));
    }

    @Test
    void emptyResult() {
        String md = MarkdownReport.render(Fixtures.empty(), ReportOptions.defaults());
        assertTrue(md.startsWith("## ftmigrate: no free-threading hazards found\n"), md);
        assertFalse(md.contains("| Rule |"));
    }
}
