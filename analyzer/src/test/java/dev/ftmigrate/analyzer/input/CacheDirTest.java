package dev.ftmigrate.analyzer.input;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** The cache folder keeps what scans use and lets go of the rest: its last-use times and its sweep. */
class CacheDirTest {
    @TempDir Path root;

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final String A = "aa110000", B = "bb220000", C = "cc330000";

    private static Clock at(Instant t) { return Clock.fixed(t, ZoneOffset.UTC); }

    private Path file(String key) { return root.resolve(key.substring(0, 2)).resolve(key + ".bin"); }

    private void age(String key, Duration d) throws IOException {
        Files.setLastModifiedTime(file(key), FileTime.from(NOW.minus(d)));
    }

    private long entries() throws IOException {
        try (Stream<Path> s = Files.walk(root)) { return s.filter(p -> p.toString().endsWith(".bin")).count(); }
    }

    @Test
    void aSweepRemovesWhatNoScanUsedForAWeekAndKeepsWhatWasRead() throws IOException {
        CacheDir dir = new CacheDir(root, at(NOW));
        for (String k : new String[] {A, B, C}) assertTrue(dir.write(k, "entry " + k));
        age(A, Duration.ofDays(30));
        age(B, Duration.ofDays(30));
        age(C, Duration.ofDays(6));
        assertEquals("entry " + A, dir.read(A).orElseThrow());   // a scan still reads it: used now

        assertEquals(1, dir.prune(CacheDir.UNUSED_FOR));
        assertTrue(Files.exists(file(A)));
        assertFalse(Files.exists(file(B)), "unused for 30 days");
        assertTrue(Files.exists(file(C)), "unused for 6 days only");
        assertTrue(Files.exists(root.resolve(".gitignore")) && Files.exists(root.resolve("CACHEDIR.TAG")), "the markers stay");
        assertEquals(2, entries());
    }

    @Test
    void aTemporaryFileLeftByADeadWriterGoesAfterAnHour() throws IOException {
        CacheDir dir = new CacheDir(root, at(NOW));
        assertTrue(dir.write(A, "x"));
        Path old = Files.writeString(root.resolve("aa").resolve(".tmp-1.part"), "half");
        Path fresh = Files.writeString(root.resolve("aa").resolve(".tmp-2.part"), "being written");
        Path other = Files.writeString(root.resolve("aa").resolve("notes.txt"), "not ours");
        Files.setLastModifiedTime(old, FileTime.from(NOW.minus(Duration.ofHours(2))));
        Files.setLastModifiedTime(fresh, FileTime.from(NOW.minus(Duration.ofMinutes(10))));
        Files.setLastModifiedTime(other, FileTime.from(NOW.minus(Duration.ofDays(90))));

        assertEquals(0, dir.prune(CacheDir.UNUSED_FOR), "no entry was old");
        assertFalse(Files.exists(old));
        assertTrue(Files.exists(fresh));
        assertTrue(Files.exists(other), "only the cache's own files are removed");
    }

    @Test
    void theSweepRunsAtMostOnceADay() throws IOException {
        assertTrue(new CacheDir(root, at(NOW)).write(A, "x"));
        age(A, Duration.ofDays(10));
        assertEquals(1, new CacheDir(root, at(NOW)).pruneIfDue(), "no sweep ever ran: due");

        assertTrue(new CacheDir(root, at(NOW)).write(B, "y"));
        age(B, Duration.ofDays(10));
        assertEquals(0, new CacheDir(root, at(NOW.plus(Duration.ofHours(2)))).pruneIfDue(), "swept two hours ago");
        assertTrue(Files.exists(file(B)));
        assertEquals(1, new CacheDir(root, at(NOW.plus(Duration.ofHours(25)))).pruneIfDue(), "a day later: due again");
        assertFalse(Files.exists(file(B)));
    }

    @Test
    void noFolderNothingToSweepAndNothingCreated() throws IOException {
        Path none = root.resolve("absent");
        assertEquals(0, new CacheDir(none, at(NOW)).pruneIfDue());
        assertEquals(0, new CacheDir(none, at(NOW)).prune(CacheDir.UNUSED_FOR));
        assertFalse(Files.exists(none));
    }
}
