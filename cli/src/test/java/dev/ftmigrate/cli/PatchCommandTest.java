package dev.ftmigrate.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class PatchCommandTest {
    static final Path SAMPLES = Path.of("../sample-extensions");

    private static Path copy(Path tmp, String... samples) throws IOException {
        for (String s : samples) {
            Path from = SAMPLES.resolve(s).resolve(s + ".c");
            Path to = tmp.resolve(s).resolve(s + ".c");
            Files.createDirectories(to.getParent());
            Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
        }
        return tmp;
    }

    @Test
    void diffIsTheDefaultAndSafeFixesAloneDeclareAModuleWithNoSharedState(@TempDir Path tmp) throws IOException {
        copy(tmp, "missing_mod_gil");
        byte[] before = Files.readAllBytes(tmp.resolve("missing_mod_gil/missing_mod_gil.c"));
        CliRun run = CliRun.of("patch", tmp.toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().startsWith("diff --git a/"), run.out());
        assertTrue(run.out().contains("+    {Py_mod_gil, Py_MOD_GIL_NOT_USED},"), run.out());
        assertTrue(run.err().contains("proposed 1 fix(es) in 1 file(s): FT201 (1)"), run.err());
        assertArrayEquals(before, Files.readAllBytes(tmp.resolve("missing_mod_gil/missing_mod_gil.c")), "--diff writes nothing");
    }

    @Test
    void reviewFixesNeedUnsafeFixes(@TempDir Path tmp) throws IOException {
        copy(tmp, "legacy_module");
        CliRun run = CliRun.of("patch", tmp.toString());
        assertEquals(0, run.exit(), run.err());
        assertEquals("", run.out());
        // FT202 stays review: the same file has shared-state findings (FT304).
        assertTrue(run.err().contains("need review, not applied: FT202 (1), FT304 (2) (use --unsafe-fixes"), run.err());
        CliRun unsafe = CliRun.of("patch", tmp.toString(), "--unsafe-fixes");
        assertTrue(unsafe.out().contains("+    PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED);"), unsafe.out());
        assertTrue(unsafe.out().contains("+    constants = PyImport_AddModuleRef(\"legacy_module.constants\");"), unsafe.out());
    }

    @Test
    void applyEditsInPlaceAndASecondRunProposesNothing(@TempDir Path tmp) throws IOException {
        copy(tmp, "dict_registry", "list_view", "legacy_module", "refcount_peek", "missing_mod_gil");
        CliRun first = CliRun.of("patch", tmp.toString(), "--apply", "--unsafe-fixes", "--backup");
        assertEquals(0, first.exit(), first.err());
        // The five samples and the one compat header they share (created beside them).
        assertTrue(first.err().contains("patched 6 file(s)"), first.err());
        try (Stream<Path> s = Files.walk(tmp)) {
            assertEquals(1, s.filter(p -> p.getFileName().toString().equals("ftmigrate_compat.h")).count(), "one compat header");
        }
        assertTrue(Files.exists(tmp.resolve("list_view/list_view.c.orig")));
        String lv = Files.readString(tmp.resolve("list_view/list_view.c"));
        assertTrue(lv.contains("PyWeakref_GetRef(ref, &observer) < 0"), lv);
        List<byte[]> after = snapshot(tmp);
        CliRun second = CliRun.of("patch", tmp.toString(), "--apply", "--unsafe-fixes");
        assertEquals(0, second.exit(), second.err());
        assertTrue(second.err().contains("nothing to fix"), second.err());
        assertTrue(second.err().contains("patched 0 file(s)"), second.err());
        List<byte[]> again = snapshot(tmp);
        for (int i = 0; i < after.size(); i++) assertArrayEquals(after.get(i), again.get(i));
    }

    @Test
    void outputDirWritesOnePatchPerRuleFamily(@TempDir Path tmp) throws IOException {
        copy(tmp, "refcount_peek", "legacy_module");
        Path out = tmp.resolve("patches");
        CliRun run = CliRun.of("patch", tmp.resolve("refcount_peek").toString(), tmp.resolve("legacy_module").toString(),
                "--output-dir", out.toString(), "--unsafe-fixes");
        assertEquals(0, run.exit(), run.err());
        List<String> names;
        try (Stream<Path> s = Files.list(out)) {
            names = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".patch")).sorted().toList();
        }
        // The GIL declaration last: every commit before it still runs under the GIL.
        assertEquals(List.of("0001-use-the-object-accessors-instead-of-object-internals.patch",
                "0002-use-strong-references-for-items-of-shared-containers.patch",
                "0003-declare-that-the-module-does-not-need-the-gil.patch"), names);
        assertEquals(names, Files.readAllLines(out.resolve(".ftmigrate-series")), "the series manifest lists them");
        String p1 = Files.readString(out.resolve(names.get(0)), StandardCharsets.UTF_8);
        assertTrue(p1.contains("Subject: [PATCH 1/3] Use the object accessors instead of object internals"), p1);
        assertTrue(p1.contains("FT1xx: object internals"), p1);
        assertEquals("", run.out(), "--output-dir alone prints no diff");
    }

    @Test
    void aFileEditedAfterTheScanIsRefusedAndNothingIsWritten(@TempDir Path tmp) throws IOException {
        copy(tmp, "missing_mod_gil", "refcount_peek");
        Path edited = tmp.resolve("missing_mod_gil/missing_mod_gil.c");
        Path other = tmp.resolve("refcount_peek/refcount_peek.c");
        byte[] otherBefore = Files.readAllBytes(other);
        String changed = Files.readString(edited) + "\n/* edited meanwhile */\n";
        PatchCommand.afterScan = () -> {
            try {
                Files.writeString(edited, changed);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        };
        CliRun run;
        try {
            run = CliRun.of("patch", tmp.toString(), "--apply");
        } finally {
            PatchCommand.afterScan = () -> {};
        }
        assertEquals(2, run.exit(), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().contains("changed since it was scanned") && run.err().contains("Nothing was written"), run.err());
        assertEquals(changed, Files.readString(edited));
        assertArrayEquals(otherBefore, Files.readAllBytes(other), "the other file is not half-patched");
    }

    private static List<byte[]> snapshot(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(".c")).sorted().map(p -> {
                try {
                    return Files.readAllBytes(p);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }
    }
}
