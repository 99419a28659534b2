package dev.ftmigrate.reports;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class ReportsTest {
    @Test
    void dispatchesByName() {
        var r = Fixtures.result();
        var o = ReportOptions.defaults();
        assertEquals(TextReport.render(r, o), Reports.render("text", r, o));
        assertEquals(JsonReport.render(r, o), Reports.render("json", r, o));
        assertEquals(SarifReport.render(r, o), Reports.render("SARIF", r, o));
        assertEquals(MarkdownReport.render(r, o), Reports.render(" markdown ", r));
        assertEquals("sarif", Reports.fileExtension("sarif"));
        assertEquals("md", Reports.fileExtension("markdown"));
    }

    @Test
    void unknownFormatIsRejectedClearly() {
        var e = assertThrows(IllegalArgumentException.class, () -> Reports.render("html", Fixtures.result()));
        assertEquals("unknown report format 'html'; expected one of: text, json, sarif, markdown", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Reports.render(null, Fixtures.result()));
        assertThrows(IllegalArgumentException.class, () -> Reports.fileExtension("xml"));
    }

    @Test
    void everyFormatIsByteIdenticalAcrossRenders() {
        for (String f : Reports.FORMATS) {
            String a = Reports.render(f, Fixtures.result(), Fixtures.withSources());
            assertEquals(a, Reports.render(f, Fixtures.result(), Fixtures.withSources()), f);
            assertTrue(a.endsWith("\n"), f);
            assertFalse(a.contains("\r"), f);
        }
    }
}
