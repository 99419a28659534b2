package dev.ftmigrate.runtime;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TsanReportParserTest {
    private static String fixture() throws IOException {
        return Files.readString(Path.of("src/test/resources/tsan/racy_counter_race.txt"));
    }

    @Test
    void mapsTheRaceToTheExtensionLineAndBothAccesses() throws IOException {
        List<TsanReport> reports = TsanReportParser.parse(fixture(), List.of(Path.of("/elsewhere/racy_counter.c")));
        assertEquals(1, reports.size());
        TsanReport r = reports.get(0);
        assertEquals("data race", r.kind());
        assertTrue(r.inExtension());
        assertEquals("racy_counter.c:34", r.location());
        assertEquals("record", r.function());
        assertEquals(2, r.accesses().size(), r.accesses().toString());
        assertTrue(r.accesses().get(0).what().startsWith("Read of size 8"));
        assertTrue(r.accesses().get(1).what().startsWith("Previous write of size 8"));
        assertEquals("racy_counter.c:34 in record", r.accesses().get(1).frame());
        assertTrue(r.variable().contains("global 'hits'"));
    }

    @Test
    void aReportOutsideTheSourcesIsNotAttributed() throws IOException {
        List<TsanReport> reports = TsanReportParser.parse(fixture(), List.of(Path.of("/src/other.c")));
        assertEquals(1, reports.size());
        assertFalse(reports.get(0).inExtension());
    }

    @Test
    void findsExtensionFramesBelowInterpreterFrames() {
        String text = String.join("\n",
                "==================",
                "WARNING: ThreadSanitizer: data race (pid=1)",
                "  Write of size 8 at 0x7b0400000010 by thread T2:",
                "    #0 _Py_DecRef Objects/object.c:300 (python+0x1)",
                "    #1 cache_get /src/lazy_cache.c:41 (lazy_cache.so+0x2)",
                "",
                "  Previous read of size 8 at 0x7b0400000010 by thread T1:",
                "    #0 PyDict_GetItem Objects/dictobject.c:2200 (python+0x3)",
                "    #1 cache_get /src/lazy_cache.c:38 (lazy_cache.so+0x4)",
                "",
                "SUMMARY: ThreadSanitizer: data race Objects/object.c:300 in _Py_DecRef",
                "==================");
        TsanReport r = TsanReportParser.parse(text, List.of(Path.of("/src/lazy_cache.c"))).get(0);
        assertEquals("lazy_cache.c:41", r.location());
        assertEquals("cache_get", r.function());
        assertEquals("lazy_cache.c:38 in cache_get", r.accesses().get(1).frame());
    }
}
