package dev.ftmigrate.patcher;

import dev.ftmigrate.analyzer.SourceFile;
import dev.ftmigrate.rules.Fix;
import dev.ftmigrate.rules.FixSafety;
import dev.ftmigrate.rules.TextEdit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class SafeWriterTest {
    @TempDir Path dir;

    static final String A = "static int count;\nint f(void) { return count++; }\n";
    static final String B = "int g(PyObject *o) { return o->ob_refcnt; }\n";

    SourceFile scan(String name, String text) throws Exception {
        Path f = Proc.put(dir, name, text.getBytes(StandardCharsets.UTF_8));
        return SourceFile.read(f, name);
    }

    static List<FileChange> patch(SourceFile... files) {
        EditEngine e = new EditEngine(List.of(files));
        for (SourceFile f : files) {
            int at = f.text().indexOf("int");
            e.offer(new Fix("f", FixSafety.SAFE, List.of(new TextEdit(f.relPath(), at, 3, "long"))));
        }
        return e.changes();
    }

    @Test
    void writesInPlaceKeepingPermissions() throws Exception {
        SourceFile a = scan("a.c", A), b = scan("sub/b.c", B);
        Files.setPosixFilePermissions(a.path(), PosixFilePermissions.fromString("rwxr-x---"));
        Files.setPosixFilePermissions(b.path(), PosixFilePermissions.fromString("r--r--r--"));
        List<FileChange> changes = patch(a, b);
        SafeWriter.RefusedException refused = assertThrows(SafeWriter.RefusedException.class, () -> new SafeWriter(false).write(changes));
        assertEquals(List.of(b.path() + " is read-only"), refused.reasons());
        assertEquals(A, Files.readString(a.path()), "nothing written");
        SafeWriter.Result r = new SafeWriter(false, true, List.of()).write(changes);
        assertEquals(2, r.written().size());
        assertEquals(A.replaceFirst("int", "long"), Files.readString(a.path()));
        assertEquals(B.replaceFirst("int", "long"), Files.readString(b.path()));
        assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(a.path())));
        assertEquals("r--r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(b.path())));
        assertNoTempFiles();
    }

    @Test
    void aFileEditedAfterTheScanStopsTheWholeBatch() throws Exception {
        SourceFile a = scan("a.c", A), b = scan("b.c", B);
        List<FileChange> changes = patch(a, b);
        Files.writeString(b.path(), B + "/* edited by hand */\n");
        StaleFileException ex = assertThrows(StaleFileException.class, () -> new SafeWriter(true).write(changes));
        assertTrue(ex.getMessage().contains(b.path() + " changed since it was scanned; re-run the scan"), ex.getMessage());
        assertEquals(List.of(b.path().toRealPath()), ex.stale());
        assertEquals(A, Files.readString(a.path()), "nothing written for the unchanged file either");
        assertEquals(B + "/* edited by hand */\n", Files.readString(b.path()));
        assertFalse(Files.exists(dir.resolve("a.c.orig")), "no backup either");
        assertNoTempFiles();
    }

    @Test
    void aRemovedFileIsStaleToo() throws Exception {
        SourceFile a = scan("a.c", A);
        List<FileChange> changes = patch(a);
        Files.delete(a.path());
        StaleFileException ex = assertThrows(StaleFileException.class, () -> new SafeWriter(false).write(changes));
        assertTrue(ex.getMessage().contains("was removed since it was scanned; re-run the scan"), ex.getMessage());
        assertFalse(Files.exists(a.path()));
        assertNoTempFiles();
    }

    @Test
    void backupsNeverOverwriteAnOlderBackup() throws Exception {
        SourceFile a = scan("a.c", A);
        SafeWriter.Result r = new SafeWriter(true).write(patch(a));
        assertEquals(List.of(dir.resolve("a.c.orig").toRealPath()), r.backups());
        assertEquals(A, Files.readString(dir.resolve("a.c.orig")));
        SourceFile again = SourceFile.read(a.path(), "a.c");
        new SafeWriter(true).write(patch(again));
        assertEquals(A, Files.readString(dir.resolve("a.c.orig")));
        assertEquals(A.replaceFirst("int", "long"), Files.readString(dir.resolve("a.c.orig.1")));
    }

    @Test
    void symlinkIsWrittenThrough() throws Exception {
        SourceFile real = scan("real/a.c", A);
        Path link = Files.createSymbolicLink(dir.resolve("link.c"), real.path());
        SourceFile viaLink = SourceFile.read(link, "link.c");
        new SafeWriter(false).write(patch(viaLink));
        assertTrue(Files.isSymbolicLink(link));
        assertEquals(A.replaceFirst("int", "long"), Files.readString(real.path()));
    }

    @Test
    void oneFileReachedTwiceIsRefused() throws Exception {
        SourceFile real = scan("a.c", A);
        SourceFile viaLink = SourceFile.read(Files.createSymbolicLink(dir.resolve("l.c"), real.path()), "l.c");
        List<FileChange> changes = patch(real, viaLink);
        assertThrows(IllegalArgumentException.class, () -> new SafeWriter(false).write(changes));
        assertEquals(A, Files.readString(real.path()));
    }

    @Test
    void secondRunChangesNothing() throws Exception {
        SourceFile a = scan("a.c", A);
        new SafeWriter(false).write(patch(a));
        byte[] after = Files.readAllBytes(a.path());
        Files.setLastModifiedTime(a.path(), FileTime.fromMillis(1_000_000_000L));
        // Re-scan: the fixes have nothing left to do, so the engine gets no edits.
        SourceFile rescanned = SourceFile.read(a.path(), "a.c");
        EditEngine e = EditEngine.of(rescanned);
        assertTrue(e.changes().isEmpty());
        assertEquals(0, UnifiedDiff.render(e.changes()).length);
        SafeWriter.Result r = new SafeWriter(true).write(e.changes());
        assertTrue(r.written().isEmpty());
        // A change list whose text equals the scanned text is not written either.
        assertTrue(new SafeWriter(true).write(List.of(new FileChange(rescanned, rescanned.text()))).written().isEmpty());
        assertArrayEquals(after, Files.readAllBytes(a.path()));
        assertEquals(FileTime.fromMillis(1_000_000_000L), Files.getLastModifiedTime(a.path()));
        assertFalse(Files.exists(dir.resolve("a.c.orig")));
    }

    @Test
    void crlfAndLatin1FilesAreWrittenByteExact() throws Exception {
        byte[] crlf = "int a;\r\nint b;\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] latin = "/* \u00e9 */\nint c;\n".getBytes(StandardCharsets.ISO_8859_1);
        SourceFile w = SourceFile.read(Proc.put(dir, "w.c", crlf), "w.c");
        SourceFile l = SourceFile.read(Proc.put(dir, "l.c", latin), "l.c");
        EditEngine e = new EditEngine(List.of(w, l));
        e.offer(new Fix("w", FixSafety.SAFE, List.of(TextEdit.insert("w.c", 8, "/* x */\n"))));
        e.offer(new Fix("l", FixSafety.SAFE, List.of(TextEdit.insert("l.c", l.text().length(), "/* \u00e0 */\n"))));
        new SafeWriter(false).write(e.changes());
        assertArrayEquals("int a;\r\n/* x */\r\nint b;\r\n".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(w.path()));
        assertArrayEquals("/* \u00e9 */\nint c;\n/* \u00e0 */\n".getBytes(StandardCharsets.ISO_8859_1), Files.readAllBytes(l.path()));
    }

    void assertNoTempFiles() throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().endsWith(".ftmigrate-tmp")).toList());
        }
    }
}
