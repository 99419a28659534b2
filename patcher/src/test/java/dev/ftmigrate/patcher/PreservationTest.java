package dev.ftmigrate.patcher;

import dev.ftmigrate.analyzer.SourceFile;
import dev.ftmigrate.rules.Fix;
import dev.ftmigrate.rules.FixSafety;
import dev.ftmigrate.rules.TextEdit;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Byte-level checks: only the edited lines change, in the file's own encoding and line endings. */
class PreservationTest {
    static byte[] bytes(String s, java.nio.charset.Charset cs) { return s.getBytes(cs); }

    static FileChange applyOne(SourceFile f, TextEdit... edits) {
        EditEngine e = EditEngine.of(f);
        assertTrue(e.offer(new Fix("t", FixSafety.SAFE, List.of(edits))).isEmpty());
        List<FileChange> c = e.changes();
        assertEquals(1, c.size());
        return c.get(0);
    }

    @Test
    void crlfFileStaysCrlfAndOtherLinesAreByteIdentical() {
        String text = "/* header\r\n * comment */\r\n\tstatic int count;\r\n\r\nint f(void) {\r\n\treturn count++;\r\n}\r\n";
        byte[] orig = bytes(text, StandardCharsets.UTF_8);
        SourceFile f = SourceFile.of(Path.of("w.c"), "w.c", orig);
        int at = text.indexOf("\treturn");
        FileChange c = applyOne(f, TextEdit.insert("w.c", at, "\tPyMutex_Lock(&m);\n"));
        byte[] expected = bytes(text.replace("\treturn", "\tPyMutex_Lock(&m);\r\n\treturn"), StandardCharsets.UTF_8);
        assertArrayEquals(expected, c.newBytes());
        assertFalse(new String(c.newBytes(), StandardCharsets.UTF_8).replace("\r\n", "").contains("\n"), "no bare LF");
        assertSameOutside(orig, c.newBytes(), 5, 1);
    }

    @Test
    void latin1FileKeepsItsBytes() {
        String text = "/* Auteur : Fran\u00e7ois, \u00a9 2020 */\nstatic int caf\u00e9_count;\nint g(void) { return caf\u00e9_count; }\n/* fin \u00ff */\n";
        byte[] orig = bytes(text, StandardCharsets.ISO_8859_1);
        SourceFile f = SourceFile.of(Path.of("l.c"), "l.c", orig);
        assertEquals(StandardCharsets.ISO_8859_1, f.charset());
        int at = text.indexOf("static");
        FileChange c = applyOne(f, new TextEdit("l.c", at, "static".length(), "static _Py_thread_local /* \u00e9t\u00e9 */"));
        assertArrayEquals(bytes(text.replace("static", "static _Py_thread_local /* \u00e9t\u00e9 */"), StandardCharsets.ISO_8859_1), c.newBytes());
        assertSameOutside(orig, c.newBytes(), 1, 2);
        assertArrayEquals(orig, c.oldBytes());
    }

    @Test
    void bomIsKept() {
        byte[] body = bytes("int x;\nint y;\n", StandardCharsets.UTF_8);
        byte[] orig = concat(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, body);
        SourceFile f = SourceFile.of(Path.of("b.c"), "b.c", orig);
        assertTrue(f.hasBom());
        FileChange c = applyOne(f, TextEdit.insert("b.c", 0, "#include <Python.h>\n"));
        assertArrayEquals(concat(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
                bytes("#include <Python.h>\nint x;\nint y;\n", StandardCharsets.UTF_8)), c.newBytes());
    }

    @Test
    void missingFinalNewlineStaysMissing() {
        String text = "int x;\nint y;";
        SourceFile f = SourceFile.ofText("n.c", text);
        FileChange c = applyOne(f, new TextEdit("n.c", 0, 3, "long"));
        assertEquals("long x;\nint y;", c.newText());
    }

    @Test
    void dominantLineEnding() {
        assertEquals("\r\n", LineEndings.dominant("a\r\nb\r\nc\n"));
        assertEquals("\n", LineEndings.dominant("a\nb\nc\r\n"));
        assertEquals("\n", LineEndings.dominant("no newline"));
        assertEquals("\r\n", LineEndings.dominant("a\r\nb\n"));  // tie: first seen
        assertEquals("\r", LineEndings.dominant("a\rb\r"));
        assertEquals("x\r\ny\r\n", LineEndings.convert("x\ny\r\n", "\r\n"));
        assertEquals("x\ny\n", LineEndings.convert("x\r\ny\n", "\n"));
    }

    /** Asserts that the first {@code head} and last {@code tail} lines are the same bytes. */
    static void assertSameOutside(byte[] a, byte[] b, int head, int tail) {
        List<byte[]> la = LineDiff.lines(a), lb = LineDiff.lines(b);
        for (int i = 0; i < head; i++) assertArrayEquals(la.get(i), lb.get(i), "line " + (i + 1));
        for (int i = 1; i <= tail; i++) assertArrayEquals(la.get(la.size() - i), lb.get(lb.size() - i), "line -" + i);
    }

    static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(a);
        o.writeBytes(b);
        return o.toByteArray();
    }
}
