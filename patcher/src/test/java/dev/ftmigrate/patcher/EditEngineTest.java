package dev.ftmigrate.patcher;

import dev.ftmigrate.analyzer.SourceFile;
import dev.ftmigrate.rules.Fix;
import dev.ftmigrate.rules.FixSafety;
import dev.ftmigrate.rules.TextEdit;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.*;

class EditEngineTest {
    static final String SRC = "#include <Python.h>\n\nstatic int count;\n\nint f(PyObject *o) {\n    return o->ob_refcnt;\n}\n";

    static Fix fix(String d, TextEdit... e) { return new Fix(d, FixSafety.SAFE, List.of(e)); }

    static TextEdit rep(String text, String old, String by) {
        int at = SRC.indexOf(old);
        assertTrue(at >= 0, old);
        return new TextEdit("m.c", at, old.length(), by);
    }

    static String result(EditEngine e) {
        assertEquals(1, e.changes().size());
        return e.changes().get(0).newText();
    }

    @Test
    void appliesReplacementsToTheOriginalText() {
        EditEngine e = EditEngine.of(SourceFile.ofText("m.c", SRC));
        assertTrue(e.offer(fix("refcnt", rep(SRC, "o->ob_refcnt", "Py_REFCNT(o)"))).isEmpty());
        assertTrue(e.offer(fix("static", rep(SRC, "static int count;", "static _Py_thread_local int count;"))).isEmpty());
        assertEquals(SRC.replace("o->ob_refcnt", "Py_REFCNT(o)").replace("static int", "static _Py_thread_local int"), result(e));
        assertEquals(2, e.accepted().size());
    }

    @Test
    void identicalEditsFromTwoFixesAreMerged() {
        EditEngine e = EditEngine.of(SourceFile.ofText("m.c", SRC));
        int at = SRC.indexOf("\n") + 1;
        TextEdit inc = TextEdit.insert("m.c", at, "#include \"pythoncapi_compat.h\"\n");
        assertTrue(e.offer(fix("a", inc, rep(SRC, "o->ob_refcnt", "Py_REFCNT(o)"))).isEmpty());
        assertTrue(e.offer(fix("b", inc)).isEmpty());
        assertEquals(2, e.edits().size());
        assertEquals(1, count(result(e), "pythoncapi_compat.h"));
    }

    @Test
    void insertionsAtOneOffsetKeepArrivalOrderAndPrecedeAReplacementThere() {
        EditEngine e = EditEngine.of(SourceFile.ofText("m.c", SRC));
        int at = SRC.indexOf("o->ob_refcnt");
        int end = at + "o->ob_refcnt".length();
        assertTrue(e.offer(fix("r", new TextEdit("m.c", at, end - at, "Py_REFCNT(o)"))).isEmpty());
        assertTrue(e.offer(fix("after", TextEdit.insert("m.c", end, "/*after*/"))).isEmpty());
        assertTrue(e.offer(fix("first", TextEdit.insert("m.c", at, "/*1*/"))).isEmpty());
        assertTrue(e.offer(fix("second", TextEdit.insert("m.c", at, "/*2*/"))).isEmpty());
        assertTrue(result(e).contains("return /*1*//*2*/Py_REFCNT(o)/*after*/;"), result(e));
    }

    @Test
    void overlappingFixIsRejectedWithBothEditsNamedAndTheRestGoesOn() {
        EditEngine e = EditEngine.of(SourceFile.ofText("m.c", SRC));
        assertTrue(e.offer(fix("use Py_REFCNT", rep(SRC, "o->ob_refcnt", "Py_REFCNT(o)"))).isEmpty());
        Fix later = fix("rewrite return", rep(SRC, "return o->ob_refcnt;", "return 0;"), rep(SRC, "static int count;", "X"));
        Optional<Rejection> r = e.offer(later);
        assertTrue(r.isPresent());
        String why = r.get().reason();
        assertTrue(why.contains("m.c:6:5"), why);   // the refused edit
        assertTrue(why.contains("m.c:6:12"), why);  // the accepted one
        assertTrue(why.contains("'use Py_REFCNT'"), why);
        assertTrue(r.get().conflict().isPresent());
        assertTrue(e.offer(fix("static", rep(SRC, "static int count;", "static int count = 0;"))).isEmpty());
        // The rejected fix left nothing behind, not even its non-conflicting edit.
        assertFalse(result(e).contains("X"));
        assertEquals(List.of("rewrite return"), e.rejected().stream().map(x -> x.fix().description()).toList());
    }

    @Test
    void overlapRules() {
        TextEdit r = new TextEdit("f", 10, 5, "x");
        assertTrue(EditSet.overlaps(r, new TextEdit("f", 14, 3, "y")));
        assertTrue(EditSet.overlaps(r, new TextEdit("f", 8, 3, "y")));
        assertTrue(EditSet.overlaps(r, TextEdit.insert("f", 12, "y")));
        assertTrue(EditSet.overlaps(r, new TextEdit("f", 10, 5, "z")));
        assertFalse(EditSet.overlaps(r, new TextEdit("f", 15, 3, "y")));
        assertFalse(EditSet.overlaps(r, new TextEdit("f", 5, 5, "y")));
        assertFalse(EditSet.overlaps(r, TextEdit.insert("f", 10, "y")));
        assertFalse(EditSet.overlaps(r, TextEdit.insert("f", 15, "y")));
        assertFalse(EditSet.overlaps(r, new TextEdit("g", 10, 5, "z")));
        assertFalse(EditSet.overlaps(TextEdit.insert("f", 3, "a"), TextEdit.insert("f", 3, "b")));
    }

    @Test
    void aFixWhoseOwnEditsOverlapIsRejected() {
        EditEngine e = EditEngine.of(SourceFile.ofText("m.c", SRC));
        Optional<Rejection> r = e.offer(fix("self", new TextEdit("m.c", 0, 5, "a"), new TextEdit("m.c", 3, 5, "b")));
        assertTrue(r.isPresent());
        assertTrue(r.get().reason().contains("of the same fix"), r.get().reason());
        assertTrue(e.changes().isEmpty());
    }

    @Test
    void aFixOfferedAgainForAnotherFindingGetsTheFirstAnswer() {
        EditEngine e = EditEngine.of(SourceFile.ofText("m.c", SRC));
        Fix lock = fix("lock", rep(SRC, "static int count;", "static int count;\nstatic PyMutex count_mutex;"));
        assertTrue(e.offer(lock, "FT401 at m.c:3").isEmpty());
        // Each finding of a group offers its fix; read back from the cache, an equal copy.
        assertTrue(e.offer(lock, "FT401 at m.c:6").isEmpty());
        assertTrue(e.offer(new Fix(lock.description(), lock.safety(), new java.util.ArrayList<>(lock.edits())), "FT402 at m.c:6").isEmpty());
        assertEquals(1, e.accepted().size());
        assertEquals(SRC.replace("static int count;", "static int count;\nstatic PyMutex count_mutex;"), result(e));
        Fix self = fix("self", new TextEdit("m.c", 0, 5, "a"), new TextEdit("m.c", 3, 5, "b"));
        String why = e.offer(self, "first").orElseThrow().reason();
        Rejection again = e.offer(self, "second").orElseThrow();
        assertEquals(why, again.reason());
        assertEquals("second", again.label());
        assertEquals(2, e.rejected().size());
    }

    @Test
    void invalidEditsAreRejected() {
        SourceFile crlf = SourceFile.ofText("w.c", "a\r\nb\r\n");
        SourceFile latin = SourceFile.of(Path.of("l.c"), "l.c", "caf\u00e9 \u00ff\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(StandardCharsets.ISO_8859_1, latin.charset());
        EditEngine e = new EditEngine(List.of(crlf, latin));
        assertTrue(e.offer(fix("far", new TextEdit("w.c", 5, 9, ""))).get().reason().contains("past the end"));
        assertTrue(e.offer(fix("split", TextEdit.insert("w.c", 2, "x"))).get().reason().contains("splits a CRLF"));
        assertTrue(e.offer(fix("split2", new TextEdit("w.c", 0, 2, "x"))).get().reason().contains("splits a CRLF"));
        // A file that exists but was not scanned is never edited (pom.xml is in the working directory).
        assertTrue(e.offer(fix("nofile", TextEdit.insert("pom.xml", 0, "x"))).get().reason().contains("not scanned"));
        assertTrue(e.offer(fix("inside", TextEdit.insert("w2.c", 1, "x"))).get().reason().contains("not scanned"));
        assertTrue(e.offer(fix("euro", TextEdit.insert("l.c", 0, "/* \u20ac */"))).get().reason().contains("cannot encode"));
        assertTrue(e.offer(fix("ok", TextEdit.insert("l.c", 0, "/* \u00e9 */"))).isEmpty());
        assertEquals(6, e.rejected().size());
    }

    /** An insertion at the start of a file that does not exist creates it: a git new-file diff, written only if still absent. */
    @Test
    void aFixCanCreateAFile() {
        EditEngine e = EditEngine.of(SourceFile.ofText("src/m.c", SRC));
        assertTrue(e.offer(fix("header", TextEdit.insert("src/ftm_test_new.h", 0, "#define X 1\n"))).isEmpty());
        assertTrue(e.created("src/ftm_test_new.h"));
        FileChange c = e.changes().stream().filter(FileChange::created).findFirst().orElseThrow();
        String diff = new String(UnifiedDiff.render(c), StandardCharsets.UTF_8);
        assertTrue(diff.contains("new file mode 100644\n"), diff);
        assertTrue(diff.contains("--- /dev/null\n+++ b/src/ftm_test_new.h\n@@ -0,0 +1,1 @@\n+#define X 1\n"), diff);
    }

    @Test
    void safetyFilter() {
        SourceFile f = SourceFile.ofText("m.c", SRC);
        EditEngine safeOnly = new EditEngine(List.of(f), EnumSet.of(FixSafety.SAFE));
        Fix review = new Fix("r", FixSafety.REVIEW, List.of(TextEdit.insert("m.c", 0, "x")));
        Fix advice = new Fix("a", FixSafety.ADVICE, List.of(TextEdit.insert("m.c", 0, "y")));
        assertTrue(safeOnly.offer(review).get().reason().contains("'review' is not enabled"));
        EditEngine all = new EditEngine(List.of(f), EnumSet.allOf(FixSafety.class));
        assertTrue(all.offer(review).isEmpty());
        assertTrue(all.offer(advice).get().reason().contains("'advice'"));
    }

    @Test
    void noEditsMeansNoChange() {
        EditEngine e = EditEngine.of(SourceFile.ofText("m.c", SRC));
        assertTrue(e.changes().isEmpty());
        assertTrue(e.offer(fix("noop", TextEdit.insert("m.c", 4, ""), rep(SRC, "count", "count"))).isEmpty());
        assertTrue(e.changes().isEmpty());
        assertEquals(0, UnifiedDiff.render(e.changes()).length);
    }

    static int count(String s, String sub) {
        int n = 0;
        for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + 1)) n++;
        return n;
    }
}
