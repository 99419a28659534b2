package dev.ftmigrate.patcher;

import dev.ftmigrate.analyzer.SourceFile;
import dev.ftmigrate.rules.Finding;
import dev.ftmigrate.rules.FixSafety;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * clang-tidy CHECK-FIXES style: every rules/src/test/resources/fixes/RULE/CASE.c is scanned, all
 * its fixes (review ones included) are applied, and the result must equal CASE.fixed.c byte for
 * byte. Then the fixed text is scanned again: the folder rule's hazards are gone except the ones
 * whose fix is advice only, and a second patch run proposes nothing.
 * Run with -Dftmigrate.updateFixes=true to (re)write the expected files, then review them.
 */
class FixTest {
    /** Scratch trees of the second runs, removed after the class. */
    @TempDir
    static Path scratch;

    static final Path ROOT = Path.of("../rules/src/test/resources/fixes");

    static Stream<Path> cases() throws IOException {
        try (Stream<Path> s = Files.walk(ROOT)) {
            return s.filter(p -> p.toString().endsWith(".c") && !p.toString().endsWith(".fixed.c")).sorted().toList().stream();
        }
    }

    static Path expected(Path input) {
        String n = input.getFileName().toString();
        return input.resolveSibling(n.substring(0, n.length() - 2) + ".fixed.c");
    }

    /** A CRLF file stays CRLF, a Latin-1 file stays Latin-1 (its accented comment byte for byte). */
    @org.junit.jupiter.api.Test
    void lineEndingsAndEncodingArePreserved() throws IOException {
        byte[] crlf = Files.readAllBytes(ROOT.resolve("FT301/crlf.fixed.c"));
        String t = new String(crlf, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertEquals(-1, t.replace("\r\n", "").indexOf('\n'), "only CRLF line endings in the patched CRLF file");
        assertTrue(t.contains("PyDict_GetItemRef(registry, name, &handler) < 0) {\r\n"));

        Path in = ROOT.resolve("FT101/latin1.c");
        SourceFile src = SourceFile.read(in, "FT101/latin1.c");
        assertEquals(java.nio.charset.StandardCharsets.ISO_8859_1, src.charset());
        byte[] got = src.encode(Fixing.fixedText(src, true));
        byte[] orig = Files.readAllBytes(in);
        int firstLine = indexOf(orig, (byte) '\n');
        assertArrayEquals(Arrays.copyOf(orig, firstLine), Arrays.copyOf(got, firstLine), "the Latin-1 comment line is untouched");
        assertTrue(indexOf(got, (byte) 0xE9) >= 0, "the Latin-1 byte is still one byte");
    }

    private static final java.util.regex.Pattern EXPECT_ADVICE = java.util.regex.Pattern.compile("expect-advice: (.*?) \\*/");

    /**
     * A fixture line {@code / * expect-advice: WHY * /} says the finding on the next line is
     * declined with a reason containing WHY. In a fixture that has such markers, every declined
     * finding of the folder's rule must have one: each decline reason is asserted.
     */
    private static void assertDeclineReasons(String rel, String rule, String text, List<Finding> findings) {
        String[] lines = text.split("\n", -1);
        java.util.Map<Integer, String> want = new java.util.TreeMap<>();
        for (int i = 0; i < lines.length; i++) {
            java.util.regex.Matcher m = EXPECT_ADVICE.matcher(lines[i]);
            if (m.find()) want.put(i + 2, m.group(1));
        }
        if (want.isEmpty()) return;
        for (var w : want.entrySet()) {
            List<Finding> at = findings.stream().filter(f -> f.location().startLine() == w.getKey()).toList();
            assertTrue(at.stream().anyMatch(f -> f.fix().isPresent() && f.fix().get().safety() == FixSafety.ADVICE
                    && f.fix().get().description().contains(w.getValue())), rel + ":" + w.getKey() + " is declined because \"" + w.getValue()
                    + "\", yet: " + at.stream().map(f -> f.ruleId() + " " + f.fix().map(x -> x.safety() + " " + x.description()).orElse("no fix")).toList());
        }
        for (Finding f : findings) {
            if (f.ruleId().equals(rule) && f.fix().isPresent() && f.fix().get().safety() == FixSafety.ADVICE) {
                assertTrue(want.containsKey(f.location().startLine()), rel + ":" + f.location().startLine() + " is declined with no expect-advice marker: "
                        + f.fix().get().description());
            }
        }
    }

    private static int indexOf(byte[] b, byte x) {
        for (int i = 0; i < b.length; i++) if (b[i] == x) return i;
        return -1;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fixMatchesExpectedAndIsIdempotent(Path input) throws IOException {
        String rule = input.getParent().getFileName().toString();
        String rel = ROOT.relativize(input).toString();
        SourceFile src = SourceFile.read(input, rel);
        List<Finding> before = Fixing.scan(src);
        assertTrue(before.stream().anyMatch(f -> f.ruleId().equals(rule)), rel + " has " + rule + " findings");
        assertDeclineReasons(rel, rule, src.text(), before);
        byte[] got = src.encode(Fixing.fixedText(src, true));
        Path exp = expected(input);
        if (Boolean.getBoolean("ftmigrate.updateFixes")) Files.write(exp, got);
        assertTrue(Files.exists(exp), "expected output " + exp);
        byte[] want = Files.readAllBytes(exp);
        if (!Arrays.equals(want, got)) {
            assertEquals(new String(want, src.charset()), new String(got, src.charset()), "patched " + rel);
            fail("patched " + rel + " differs from " + exp + " in its bytes");
        }

        // The compat header a fix creates is the one expected beside the fixtures (and compiled with them).
        // The second run sees the tree as the first left it on disk (the parser reads the included header).
        var header = Fixing.createdHeader(Fixing.plan(src, true));
        Path tree = Files.createTempDirectory(scratch, "fixtest");
        List<SourceFile> run2 = new java.util.ArrayList<>();
        Path fixedPath = tree.resolve(rel);
        Files.createDirectories(fixedPath.getParent());
        Files.write(fixedPath, got);
        run2.add(SourceFile.read(fixedPath, rel));
        if (header.isPresent()) {
            Path expHeader = ROOT.resolve(dev.ftmigrate.rules.fix.CompatHeader.HEADER);
            if (Boolean.getBoolean("ftmigrate.updateFixes")) Files.writeString(expHeader, header.get().newText());
            assertEquals(Files.readString(expHeader), header.get().newText(), rel + ": the created compat header");
            assertTrue(new String(got, src.charset()).contains("#include \"" + dev.ftmigrate.rules.fix.CompatHeader.HEADER + "\""), rel + " includes it");
            Path h = tree.resolve(header.get().relPath());
            Files.write(h, header.get().newBytes());
            run2.add(SourceFile.read(h, header.get().relPath()));
        }
        long declined = before.stream().filter(f -> f.ruleId().equals(rule)
                && (f.fix().isEmpty() || f.fix().get().safety() == FixSafety.ADVICE)).count();
        List<Finding> after = Fixing.scan(run2.toArray(SourceFile[]::new));
        long left = after.stream().filter(f -> f.ruleId().equals(rule)).count();
        assertEquals(declined, left, rel + ": after the fix only the declined " + rule + " findings remain: " + after);
        assertTrue(Fixing.plan(run2, true).summary().nothingToDo(), rel + ": a second run proposes nothing, yet: "
                + Fixing.plan(run2, true).summary());
    }
}
