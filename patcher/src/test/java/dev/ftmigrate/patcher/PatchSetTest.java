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
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class PatchSetTest {
    @TempDir Path tmp;

    static final String MOD = "#include <Python.h>\n\nstatic int count;\n\nstatic PyObject *\nbump(PyObject *self, PyObject *o)\n{\n"
            + "    count++;\n    return PyLong_FromSsize_t(o->ob_refcnt);\n}\n";
    static final String LATIN = "/* R\u00e9sum\u00e9 */\nint g(PyObject *o) { return o->ob_refcnt; }\n";

    Path repo() throws Exception {
        Path r = Files.createDirectories(tmp.resolve("repo"));
        Proc.ok(r, "git", "init", "-q", ".");
        Proc.put(r, "src/mod.c", MOD.getBytes(StandardCharsets.UTF_8));
        Proc.put(r, "src/latin.c", LATIN.getBytes(StandardCharsets.ISO_8859_1));
        Proc.ok(r, "git", "add", ".");
        Proc.ok(r, "git", "commit", "-q", "-m", "init");
        return r;
    }

    static Fix fix(String text, String rel, String find, String by) {
        int at = text.indexOf(find);
        assertTrue(at >= 0);
        return new Fix(find + " -> " + by, FixSafety.SAFE, List.of(new TextEdit(rel, at, find.length(), by)));
    }

    PatchSet build(Path root) throws Exception {
        SourceFile mod = SourceFile.read(root.resolve("src/mod.c"), "src/mod.c");
        SourceFile latin = SourceFile.read(root.resolve("src/latin.c"), "src/latin.c");
        PatchSet ps = new PatchSet(List.of(mod, latin))
                .group("FT1", "Use Py_REFCNT instead of ob_refcnt", "Direct ob_refcnt access is not atomic\non free-threaded builds (PEP 703).")
                .group("FT4", "Guard the static counter", "count++ loses updates without the GIL \u2014 use a lock.");
        int inc = MOD.indexOf("\n") + 1;
        Fix compat = new Fix("compat header", FixSafety.SAFE, List.of(TextEdit.insert("src/mod.c", inc, "#include \"pythoncapi_compat.h\"\n")));
        // Offered out of group order on purpose: the series must still be consistent.
        assertTrue(ps.offer("FT4", fix(MOD, "src/mod.c", "    count++;\n", "    Py_BEGIN_CRITICAL_SECTION(self);\n    count++;\n    Py_END_CRITICAL_SECTION();\n")).isEmpty());
        assertTrue(ps.offer("FT4", compat).isEmpty());
        assertTrue(ps.offer("FT1", fix(MOD, "src/mod.c", "o->ob_refcnt", "Py_REFCNT(o)")).isEmpty());
        assertTrue(ps.offer("FT1", compat).isEmpty()); // merged with the FT4 one
        assertTrue(ps.offer("FT1", fix(LATIN, "src/latin.c", "o->ob_refcnt", "Py_REFCNT(o)")).isEmpty());
        assertTrue(ps.offer("FT1", fix(MOD, "src/mod.c", "count++", "count += 1")).isPresent()); // overlaps FT4's edit
        return ps;
    }

    @Test
    void combinedDiffAppliesWithGitAndPatch() throws Exception {
        Path r = repo();
        PatchSet ps = build(r);
        assertEquals(1, ps.rejected().size());
        byte[] diff = ps.combinedDiff();
        Path d = Files.write(tmp.resolve("all.diff"), diff);
        Proc.ok(r, "git", "apply", "--check", d.toString());
        Proc.ok(r, "patch", "-p1", "--dry-run", "-i", d.toString());
        Proc.ok(r, "git", "apply", d.toString());
        for (FileChange c : ps.changes()) assertArrayEquals(c.newBytes(), Files.readAllBytes(r.resolve(c.relPath())), c.relPath());
        assertEquals(1, EditEngineTest.count(Files.readString(r.resolve("src/mod.c")), "pythoncapi_compat.h"));
    }

    @Test
    void perGroupPatchesApplyInOrderWithGitAm() throws Exception {
        Path r = repo();
        PatchSet ps = build(r);
        List<Path> files = ps.writePatches(tmp.resolve("out"));
        assertEquals(2, files.size());
        assertEquals("0001-use-py-refcnt-instead-of-ob-refcnt.patch", files.get(0).getFileName().toString());
        String first = Files.readString(files.get(0), StandardCharsets.ISO_8859_1);
        assertTrue(first.startsWith("From: ftmigrate <ftmigrate@localhost>\nSubject: [PATCH 1/2] Use Py_REFCNT instead of ob_refcnt\n\n"
                + "Direct ob_refcnt access is not atomic\non free-threaded builds (PEP 703).\n\n---\ndiff --git a/src/"), first);

        // git apply ignores the mail header and takes each patch on top of the previous one.
        Path copy = Files.createDirectories(tmp.resolve("copy"));
        Proc.put(copy, "src/mod.c", MOD.getBytes(StandardCharsets.UTF_8));
        Proc.put(copy, "src/latin.c", LATIN.getBytes(StandardCharsets.ISO_8859_1));
        for (Path p : files) {
            Proc.ok(copy, "git", "apply", "--check", p.toString());
            Proc.ok(copy, "git", "apply", p.toString());
        }

        List<String> args = new ArrayList<>(List.of("git", "am", "--quiet"));
        for (Path p : files) args.add(p.toString());
        Proc.ok(r, args.toArray(String[]::new));
        String log = Proc.ok(r, "git", "log", "--format=%an|%s|%b", "-2");
        assertTrue(log.contains("ftmigrate|Guard the static counter|count++ loses updates without the GIL \u2014 use a lock."), log);
        assertTrue(log.contains("ftmigrate|Use Py_REFCNT instead of ob_refcnt|Direct ob_refcnt access"), log);
        for (FileChange c : ps.changes()) {
            assertArrayEquals(c.newBytes(), Files.readAllBytes(r.resolve(c.relPath())), "git am " + c.relPath());
            assertArrayEquals(c.newBytes(), Files.readAllBytes(copy.resolve(c.relPath())), "git apply " + c.relPath());
        }
    }

    @Test
    void singleGroupHasNoSeriesNumberAndCustomAuthor() throws Exception {
        SourceFile f = SourceFile.ofText("m.c", MOD);
        PatchSet ps = new PatchSet(List.of(f)).author("Jane Doe <jane@example.org>");
        ps.offer("FT101", fix(MOD, "m.c", "o->ob_refcnt", "Py_REFCNT(o)"));
        List<PatchSet.Patch> patches = ps.patches();
        assertEquals(1, patches.size());
        String text = new String(patches.get(0).content(), StandardCharsets.UTF_8);
        assertTrue(text.startsWith("From: Jane Doe <jane@example.org>\nSubject: [PATCH] FT101\n\n---\ndiff --git a/m.c b/m.c\n"), text);
    }

    @Test
    void nothingAcceptedMeansNoPatches() {
        PatchSet ps = new PatchSet(List.of(SourceFile.ofText("m.c", MOD)));
        assertTrue(ps.patches().isEmpty());
        assertEquals(0, ps.combinedDiff().length);
    }
}
