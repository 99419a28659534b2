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
    void aReportWrittenAsItIsMadeIsTheSameBytesAsOneMadeWhole() throws java.io.IOException {
        var r = Fixtures.withFindings(java.util.stream.Stream.concat(Fixtures.result().findings().stream(),
                Fixtures.sharedLockFindings().stream()).toList());
        for (String f : Reports.FORMATS) {
            var out = new java.io.ByteArrayOutputStream();
            Reports.write(f, r, Fixtures.withSources(), out);
            assertArrayEquals(Reports.renderBytes(f, r, Fixtures.withSources()), out.toByteArray(), f);
            assertEquals(Reports.render(f, r, Fixtures.withSources()), out.toString(java.nio.charset.StandardCharsets.UTF_8), f);
        }
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

    @Test
    void theBytesOfEveryFormatAreItsTextInUtf8EvenBeyondAscii() {
        var plain = Fixtures.counterFinding(Fixtures.MOD_FILE);
        // A message with accents, a non-Latin script and an astral character (a surrogate pair in Java).
        var wide = new dev.ftmigrate.rules.Finding(plain.ruleId(), plain.level(), plain.confidence(), plain.location(),
                "static `compteur` écrit sans verrou — счётчик \uD83D\uDD12", plain.subject(), plain.function(),
                plain.evidence(), plain.snippet(), plain.fix());
        var r = Fixtures.withFindings(java.util.List.of(wide, Fixtures.gilFinding()));
        for (String f : Reports.FORMATS) {
            String text = Reports.render(f, r, Fixtures.withSources());
            assertArrayEquals(text.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    Reports.renderBytes(f, r, Fixtures.withSources()), f);
        }
        // Accents and Cyrillic as UTF-8 bytes; Jackson writes the astral character as its escaped surrogate pair, both ways.
        String sarif = new String(Reports.renderBytes("sarif", r, Fixtures.withSources()), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(sarif.contains("écrit sans verrou — счётчик"), sarif);
    }
}
