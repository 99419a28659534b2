package dev.ftmigrate.patcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** A report written as it is made: all of it or, when its writer fails half-way, nothing. */
class AtomicFileTest {
    @TempDir Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aStreamedReportReplacesTheFileWhole() throws IOException {
        Path report = dir.resolve("report.sarif");
        Files.writeString(report, "old");
        AtomicFile.write(report, out -> {
            for (int i = 0; i < 100_000; i++) out.write(("line " + i + "\n").getBytes(StandardCharsets.UTF_8));
        });
        assertTrue(Files.readString(report).startsWith("line 0\nline 1\n"));
        assertEquals(100_000, Files.readAllLines(report).size());
        assertEquals(List.of("report.sarif"), names());
    }

    @Test
    void aWriterThatFailsHalfWayLeavesTheOldFileAndNoTempFile() throws IOException {
        Path report = dir.resolve("report.sarif");
        Files.writeString(report, "old");
        for (RuntimeException failure : new RuntimeException[] {null, new UncheckedIOException(new IOException("disk")), new IllegalStateException("bug")}) {
            Exception thrown = assertThrows(Exception.class, () -> AtomicFile.write(report, out -> {
                out.write(new byte[200_000]);
                if (failure == null) throw new IOException("disk full");
                throw failure;
            }));
            assertTrue(thrown.getMessage().contains(failure == null ? "disk full" : failure.getMessage()), thrown.toString());
            assertEquals("old", Files.readString(report));
            assertEquals(List.of("report.sarif"), names());
        }
    }
}
