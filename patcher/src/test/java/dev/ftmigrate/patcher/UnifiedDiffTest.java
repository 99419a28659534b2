package dev.ftmigrate.patcher;

import dev.ftmigrate.analyzer.SourceFile;
import dev.ftmigrate.rules.Fix;
import dev.ftmigrate.rules.FixSafety;
import dev.ftmigrate.rules.TextEdit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.*;

/** Diffs checked by the real tools: git apply and GNU patch must accept them and give our bytes. */
class UnifiedDiffTest {
    @TempDir Path tmp;

    static String body(int lines, String eol) {
        StringBuilder s = new StringBuilder();
        for (int i = 1; i <= lines; i++) s.append("    line_").append(i).append("();").append(eol);
        return s.toString();
    }

    /** A case: file name, original bytes, and edits given as (find, replacement) pairs. */
    static Arguments c(String name, String rel, byte[] orig, String... findReplace) {
        return Arguments.of(name, rel, orig, List.of(findReplace));
    }

    static Stream<Arguments> cases() {
        String lf = body(30, "\n"), crlf = body(30, "\r\n");
        return Stream.of(
                c("lf", "src/m.c", lf.getBytes(UTF_8), "line_5();", "Py_REFCNT(5);"),
                c("two hunks", "m.c", lf.getBytes(UTF_8), "line_2();", "two();", "line_25();", "x();\n    y();"),
                c("merged hunk", "m.c", lf.getBytes(UTF_8), "line_10();", "ten();", "line_15();", "fifteen();"),
                c("top of file", "m.c", lf.getBytes(UTF_8), "@0", "#include \"pythoncapi_compat.h\"\n"),
                c("crlf", "w.c", crlf.getBytes(UTF_8), "line_7();", "a();\n    b();", "line_29();", "end();"),
                c("latin1", "l.c", ("/* \u00e9t\u00e9 \u00ff */\n" + lf).getBytes(ISO_8859_1), "line_1();", "un(); /* \u00e0 */"),
                c("bom", "b.c", PreservationTest.concat(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, lf.getBytes(UTF_8)), "line_1();", "first();"),
                c("no newline, last line edited", "n.c", (lf + "    last();").getBytes(UTF_8), "last();", "final();"),
                c("no newline, context only", "n.c", (lf + "    last();").getBytes(UTF_8), "line_29();", "x();"),
                c("no newline, far away", "n.c", (lf + "    last();").getBytes(UTF_8), "line_3();", "x();"),
                c("newline added at end", "n.c", (lf + "    last();").getBytes(UTF_8), "@end", "\n"),
                c("newline removed at end", "n.c", lf.getBytes(UTF_8), "line_30();\n", "line_30();"),
                c("crlf no newline", "w.c", (crlf + "}").getBytes(UTF_8), "}", "} /* end */"),
                c("empty file", "e.c", new byte[0], "@0", "int x;\n"),
                c("space in name", "dir with space/m x.c", lf.getBytes(UTF_8), "line_4();", "four();"),
                c("delete lines", "m.c", lf.getBytes(UTF_8), "    line_3();\n    line_4();\n", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gitApplyAndPatchAcceptTheDiffAndProduceTheEngineBytes(String name, String rel, byte[] orig, List<String> fr) throws Exception {
        SourceFile f = SourceFile.of(Path.of(rel), rel, orig);
        List<TextEdit> edits = new ArrayList<>();
        for (int i = 0; i < fr.size(); i += 2) {
            String find = fr.get(i);
            int at = find.equals("@0") ? 0 : find.equals("@end") ? f.text().length() : f.text().indexOf(find);
            int len = find.startsWith("@") ? 0 : find.length();
            assertTrue(at >= 0, find);
            edits.add(new TextEdit(rel, at, len, fr.get(i + 1)));
        }
        EditEngine e = EditEngine.of(f);
        assertTrue(e.offer(new Fix(name, FixSafety.SAFE, edits)).isEmpty());
        FileChange change = e.changes().get(0);
        byte[] diff = UnifiedDiff.render(List.of(change));
        assertTrue(diff.length > 0);
        checkWithTools(rel, orig, diff, change.newBytes());
    }

    /** git apply --check, git apply, patch -p1 --dry-run, patch -p1; each copy must end as {@code expected}. */
    void checkWithTools(String rel, byte[] orig, byte[] diff, byte[] expected) throws Exception {
        Path d = Files.write(tmp.resolve("change.diff"), diff);
        Path g = Files.createDirectories(tmp.resolve("git"));
        Proc.put(g, rel, orig);
        Proc.ok(g, "git", "apply", "--check", d.toString());
        Proc.ok(g, "git", "apply", d.toString());
        assertArrayEquals(expected, Files.readAllBytes(g.resolve(rel)), "git apply result\n" + new String(diff, ISO_8859_1));
        Path p = Files.createDirectories(tmp.resolve("patch"));
        Proc.put(p, rel, orig);
        Proc.ok(p, "patch", "-p1", "--dry-run", "-i", d.toString());
        Proc.ok(p, "patch", "-p1", "--no-backup-if-mismatch", "-i", d.toString());
        assertArrayEquals(expected, Files.readAllBytes(p.resolve(rel)), "patch result\n" + new String(diff, ISO_8859_1));
    }

    @Test
    void exactFormat() {
        String a = "a\nb\nc\nd\ne\nf\ng\nh\n";
        String b = "a\nb\nc\nd\nE\nf\ng\nh\n";
        String diff = new String(UnifiedDiff.render("x/y.c", a.getBytes(UTF_8), b.getBytes(UTF_8)), UTF_8);
        assertEquals("diff --git a/x/y.c b/x/y.c\n"
                + "index " + UnifiedDiff.blobId(a.getBytes(UTF_8)) + ".." + UnifiedDiff.blobId(b.getBytes(UTF_8)) + "\n"
                + "--- a/x/y.c\n+++ b/x/y.c\n"
                + "@@ -2,7 +2,7 @@\n b\n c\n d\n-e\n+E\n f\n g\n h\n", diff);
        assertEquals(0, UnifiedDiff.render("x", a.getBytes(UTF_8), a.getBytes(UTF_8)).length);
    }

    @Test
    void blobIdMatchesGit() throws Exception {
        byte[] content = "hello\r\nw\u00f6rld".getBytes(ISO_8859_1);
        Path f = Files.write(tmp.resolve("blob"), content);
        assertEquals(Proc.ok(tmp, "git", "hash-object", "--no-filters", f.toString()).strip(), UnifiedDiff.blobId(content));
    }

    @Test
    void quotesOddNames() {
        assertEquals("a/plain.c", UnifiedDiff.quote("a/plain.c"));
        assertEquals("\"a/caf\\303\\251.c\"", UnifiedDiff.quote("a/caf\u00e9.c"));
        assertEquals("\"a/q\\\"x.c\"", UnifiedDiff.quote("a/q\"x.c"));
    }

    @Test
    void nonAsciiNameAppliesWithGit() throws Exception {
        byte[] orig = body(5, "\n").getBytes(UTF_8);
        byte[] neu = body(5, "\n").replace("line_2", "two").getBytes(UTF_8);
        checkWithTools("caf\u00e9.c", orig, UnifiedDiff.render("caf\u00e9.c", orig, neu), neu);
    }

    /** The line diff must reproduce the new lines exactly, on random inputs. */
    @Test
    void lineDiffReconstructsRandomInputs() {
        Random r = new Random(42);
        for (int round = 0; round < 2000; round++) {
            List<byte[]> a = randomLines(r), b = r.nextBoolean() ? mutate(r, a) : randomLines(r);
            List<LineDiff.Op> ops = LineDiff.diff(a, b);
            List<byte[]> rebuilt = new ArrayList<>(), old = new ArrayList<>();
            for (LineDiff.Op o : ops) {
                if (o.tag() != LineDiff.Tag.INSERT) old.add(a.get(o.oldIndex()));
                if (o.tag() == LineDiff.Tag.KEEP) {
                    assertArrayEquals(a.get(o.oldIndex()), b.get(o.newIndex()));
                    rebuilt.add(a.get(o.oldIndex()));
                } else if (o.tag() == LineDiff.Tag.INSERT) rebuilt.add(b.get(o.newIndex()));
            }
            assertEquals(a.size(), old.size());
            assertEquals(b.size(), rebuilt.size());
            for (int i = 0; i < b.size(); i++) assertArrayEquals(b.get(i), rebuilt.get(i));
        }
    }

    /** Random edits on a random C-like file, checked by git apply and patch. */
    @Test
    void randomEditsApplyWithTheRealTools() throws Exception {
        Random r = new Random(7);
        for (int round = 0; round < 25; round++) {
            String eol = round % 3 == 0 ? "\r\n" : "\n";
            Charset cs = round % 4 == 1 ? ISO_8859_1 : UTF_8;
            StringBuilder s = new StringBuilder();
            int n = 5 + r.nextInt(60);
            for (int i = 0; i < n; i++) s.append(r.nextInt(5) == 0 ? "" : "    x" + r.nextInt(4) + (cs == ISO_8859_1 ? "\u00e9" : "")).append(eol);
            if (r.nextBoolean()) s.setLength(s.length() - eol.length());
            String rel = "r" + round + ".c";
            byte[] orig = s.toString().getBytes(cs);
            SourceFile f = SourceFile.of(Path.of(rel), rel, orig);
            EditEngine e = EditEngine.of(f);
            for (int k = 0; k < 1 + r.nextInt(6); k++) {
                int at = f.lineStart(1 + r.nextInt(f.lineCount()));
                int len = r.nextInt(3) == 0 ? Math.min(f.text().length() - at, r.nextInt(12)) : 0;
                String rep = r.nextBoolean() ? "new_" + k + "();\n" : "y" + k;
                e.offer(new Fix("f" + k, FixSafety.SAFE, List.of(new TextEdit(rel, at, len, rep))));
            }
            if (e.changes().isEmpty()) continue;
            FileChange c = e.changes().get(0);
            Path d = Files.createDirectories(tmp.resolve("round" + round));
            UnifiedDiffTest sub = new UnifiedDiffTest();
            sub.tmp = d;
            sub.checkWithTools(rel, orig, UnifiedDiff.render(c), c.newBytes());
        }
    }

    static List<byte[]> randomLines(Random r) {
        List<byte[]> out = new ArrayList<>();
        int n = r.nextInt(12);
        for (int i = 0; i < n; i++) out.add(("l" + r.nextInt(4) + "\n").getBytes(StandardCharsets.US_ASCII));
        return out;
    }

    static List<byte[]> mutate(Random r, List<byte[]> a) {
        List<byte[]> b = new ArrayList<>(a);
        for (int k = 0; k < 3; k++) {
            if (!b.isEmpty() && r.nextBoolean()) b.remove(r.nextInt(b.size()));
            else b.add(b.isEmpty() ? 0 : r.nextInt(b.size() + 1), ("m" + r.nextInt(3) + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        return b;
    }
}
