package dev.ftmigrate.rules;

import dev.ftmigrate.analyzer.CParser;
import dev.ftmigrate.analyzer.ParseOptions;
import dev.ftmigrate.analyzer.input.CacheDir;
import dev.ftmigrate.analyzer.input.InputFile;
import dev.ftmigrate.rules.engine.Analysis;
import dev.ftmigrate.rules.Fix;
import dev.ftmigrate.rules.engine.ScanCache;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** The repeat-scan cache: same results as without it, and only what changed is parsed again. */
class ScanCacheTest {
    private static final Path FIXTURES = Path.of("src/test/resources/cache");
    private static final Path FIELD = Path.of("src/test/resources/cache-fields");
    private static final CParser PARSER = new CParser(ParseOptions.hermetic());

    @TempDir Path project;
    @TempDir Path cacheRoot;

    @BeforeEach
    void copyProject() throws IOException {
        for (String f : List.of("module.c", "counter.c", "counter.h")) Files.copy(FIXTURES.resolve(f), project.resolve(f));
    }

    /** Every rule reads only its own file and the link (field facts included): the cache is incremental for all. */
    private static final List<dev.ftmigrate.rules.engine.Rule> LINKED = RuleCatalog.all();

    private Analysis.Result scan(String version, CParser parser, boolean cached) {
        return scan(version, parser, cached, LINKED);
    }

    private Analysis.Result scan(String version, CParser parser, boolean cached, List<dev.ftmigrate.rules.engine.Rule> rules) {
        List<InputFile> in = Stream.of("module.c", "counter.c").map(f -> InputFile.read(project.resolve(f), f)).toList();
        Analysis a = new Analysis(parser, rules, 2, true, false);
        if (cached) a.withCache(new ScanCache(new CacheDir(cacheRoot), version));
        return a.run(in);
    }

    private Analysis.Result scan() { return scan("v1", PARSER, true); }

    private static void assertSame(Analysis.Result expected, Analysis.Result actual) {
        assertEquals(expected.scan(), actual.scan());
    }

    private Finding counterWrite(Analysis.Result r) {
        return r.scan().findings().stream().filter(f -> f.ruleId().equals("FT401")).findFirst().orElseThrow();
    }

    @Test
    void aRepeatScanParsesNothingAndReportsTheSame() {
        Analysis.Result cold = scan();
        assertEquals(2, cold.stats().parsed());
        Analysis.Result warm = scan();
        assertEquals(new Analysis.Stats(0, 2, 2), warm.stats());
        assertSame(scan("v1", PARSER, false), warm);
        assertSame(cold, warm);
        assertTrue(Files.exists(cacheRoot.resolve(".gitignore")), "the cache folder ignores itself");
    }

    @Test
    void aRepeatOverUnchangedFilesSkipsTheLinkUntilAFileChanges() throws IOException {
        List<InputFile> in = Stream.of("module.c", "counter.c").map(f -> InputFile.read(project.resolve(f), f)).toList();
        new Analysis(PARSER, LINKED, 2, true, false).withCache(new ScanCache(new CacheDir(cacheRoot), "v1")).run(in);
        Analysis again = new Analysis(PARSER, LINKED, 2, true, false).withCache(new ScanCache(new CacheDir(cacheRoot), "v1"));
        assertSame(scan("v1", PARSER, false), again.run(in));
        assertEquals(0, again.lastTimings().link(), "the last run's manifest matches: no link");
        Files.writeString(project.resolve("counter.c"), Files.readString(project.resolve("counter.c")) + "\n/* edited */\n");
        List<InputFile> edited = Stream.of("module.c", "counter.c").map(f -> InputFile.read(project.resolve(f), f)).toList();
        Analysis third = new Analysis(PARSER, LINKED, 2, true, false).withCache(new ScanCache(new CacheDir(cacheRoot), "v1"));
        assertSame(scan("v1", PARSER, false), third.run(edited));
        assertTrue(third.lastTimings().link() > 0, "a file changed: linked again");
        assertEquals(new Analysis.Stats(0, 2, 2), third.run(edited).stats());
        assertEquals(0, third.lastTimings().link(), "and the next repeat skips it again");
    }

    private long cacheFiles() throws IOException {
        try (Stream<Path> s = Files.walk(cacheRoot)) { return s.filter(p -> p.toString().endsWith(".bin")).count(); }
    }

    private void ageCache(java.time.Duration d) throws IOException {
        java.nio.file.attribute.FileTime then = java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(d));
        try (Stream<Path> s = Files.walk(cacheRoot)) {
            for (Path p : s.filter(p -> p.toString().endsWith(".bin")).toList()) Files.setLastModifiedTime(p, then);
        }
    }

    /**
     * The weekly sweep spares what repeat scans still use: the entries, their facts (which a run over
     * unchanged files does not read, but the next edit's link will) and the manifest, whether read from
     * disk or served from the daemon's memory; it removes what they no longer use (another build's).
     */
    @Test
    void theSweepRemovesOnlyWhatRepeatScansNoLongerUse() throws IOException {
        List<InputFile> in = Stream.of("module.c", "counter.c").map(f -> InputFile.read(project.resolve(f), f)).toList();
        for (ScanCache.Memory memory : new ScanCache.Memory[] {null, new ScanCache.Memory()}) {
            new CacheDir(cacheRoot).clean();
            new Analysis(PARSER, LINKED, 2, true, false).withCache(new ScanCache(new CacheDir(cacheRoot), "v1", memory)).run(in);
            long written = cacheFiles();
            assertEquals(5, written, "two entries, their facts and the manifest");
            ageCache(java.time.Duration.ofDays(10));
            Analysis repeat = new Analysis(PARSER, LINKED, 2, true, false).withCache(new ScanCache(new CacheDir(cacheRoot), "v1", memory));
            assertEquals(new Analysis.Stats(0, 2, 2), repeat.run(in).stats());
            assertEquals(0, new CacheDir(cacheRoot).prune(CacheDir.UNUSED_FOR), "memory " + (memory != null));

            ageCache(java.time.Duration.ofDays(10));
            new Analysis(PARSER, LINKED, 2, true, false).withCache(new ScanCache(new CacheDir(cacheRoot), "v2", null)).run(in);
            assertEquals(written, new CacheDir(cacheRoot).prune(CacheDir.UNUSED_FOR), "the old build's files go");
            assertEquals(new Analysis.Stats(0, 2, 2),
                    new Analysis(PARSER, LINKED, 2, true, false).withCache(new ScanCache(new CacheDir(cacheRoot), "v2")).run(in).stats(),
                    "the new build's stay");
        }
    }

    @Test
    void anEditedFileAloneIsParsedAgain() throws IOException {
        scan();
        Files.writeString(project.resolve("module.c"), Files.readString(project.resolve("module.c")) + "\n/* edited */\n");
        Analysis.Result after = scan();
        assertEquals(1, after.stats().parsed());
        assertEquals(1, after.stats().cachedResults());
        assertSame(scan("v1", PARSER, false), after);
    }

    private Analysis.Result scanFixes(boolean cached, String... files) throws IOException {
        for (String f : files) {
            if (!Files.exists(project.resolve(f))) Files.copy(Path.of("src/test/resources/cache-fixes").resolve(f), project.resolve(f));
        }
        List<InputFile> in = Stream.of(files).map(f -> InputFile.read(project.resolve(f), f)).toList();
        Analysis a = new Analysis(PARSER, RuleCatalog.all(), 2, true, true);
        if (cached) a.withCache(new ScanCache(new CacheDir(cacheRoot), "v1"));
        return a.run(in);
    }

    private static List<TextEdit> fixEdits(Analysis.Result r, String rule) {
        return r.scan().findings().stream().filter(f -> f.ruleId().equals(rule)).findFirst().orElseThrow().fix().orElseThrow().edits();
    }

    @Test
    void fixesAreCachedWithTheFindingsAndPlannedAgainWhenTheProjectsHeadersChange() throws IOException {
        Analysis.Result cold = scanFixes(true, "lookup.c");
        assertTrue(fixEdits(cold, "FT301").stream().anyMatch(e -> e.relPath().endsWith("ftmigrate_compat.h")), "ours, while the project vendors none");
        Analysis.Result warm = scanFixes(true, "lookup.c");
        assertEquals(new Analysis.Stats(0, 1, 1), warm.stats(), "a repeat that plans fixes parses nothing");
        assertSame(scanFixes(false, "lookup.c"), warm);
        assertEquals(cold.scan(), warm.scan(), "fixes included");

        // The project gains its own pythoncapi_compat.h: lookup.c is unchanged, but its fix must now use that header.
        Analysis.Result vendored = scanFixes(true, "lookup.c", "pythoncapi_compat.h");
        assertSame(scanFixes(false, "lookup.c", "pythoncapi_compat.h"), vendored);
        assertTrue(fixEdits(vendored, "FT301").stream().noneMatch(e -> e.relPath().endsWith("ftmigrate_compat.h")), "the vendored header serves");
    }

    @Test
    void aFixServingSeveralFindingsIsCachedOnce() throws IOException {
        Analysis.Result cold = scanFixes(true, "recorders.c");
        Analysis.Result warm = scanFixes(true, "recorders.c");
        assertEquals(new Analysis.Stats(0, 1, 1), warm.stats());
        assertEquals(cold.scan(), warm.scan(), "fixes included");
        List<Fix> fixes = warm.scan().findings().stream().filter(f -> f.ruleId().equals("FT401")).map(f -> f.fix().orElseThrow()).toList();
        assertEquals(12, fixes.size(), "two statics written in six functions");
        // One lock for both: the entry holds the fix once, and every finding reads back that one object.
        assertTrue(fixes.stream().allMatch(f -> f == fixes.get(0)), fixes.toString());
        String text = Files.readString(project.resolve("recorders.c"));
        for (int i = 0; i < 6; i++) {
            int from = text.indexOf("record_" + i + "("), to = text.indexOf("\n}\n", from);
            assertTrue(fixes.get(0).edits().stream().filter(e -> e.relPath().equals("recorders.c") && e.offset() > from && e.offset() <= to).count() >= 2,
                    "locked and unlocked in record_" + i + "()");
        }
    }

    private static final List<String> FIELD_FILES = List.of("grow.c", "methods.c", "other.c");

    private Analysis.Result scanFields(boolean cached) {
        List<InputFile> in = FIELD_FILES.stream().map(f -> InputFile.read(project.resolve(f), f)).toList();
        Analysis a = new Analysis(PARSER, RuleCatalog.all(), 2, true, false);
        if (cached) a.withCache(new ScanCache(new CacheDir(cacheRoot), "v1"));
        return a.run(in);
    }

    private Finding fieldRace(Analysis.Result r) {
        return r.scan().findings().stream().filter(f -> f.ruleId().equals("FT407") && f.location().relPath().equals("methods.c")).findFirst().orElseThrow();
    }

    @Test
    void anEditToOneFileOfACrossFileFieldRaceReanalysesOnlyWhatItMoves() throws IOException {
        for (String f : List.of("buf.h", "grow.c", "methods.c", "other.c")) Files.copy(FIELD.resolve(f), project.resolve(f));
        Analysis.Result cold = scanFields(true);
        assertEquals(3, cold.stats().parsed());
        // Buf_sum (methods.c) reads `data` while Buf_append (grow.c) reallocates it through a helper.
        assertTrue(fieldRace(cold).message().contains("reallocated by Buf_append() via buf_grow()"), fieldRace(cold).message());
        assertEquals(new Analysis.Stats(0, 3, 3), scanFields(true).stats());

        // A comment at the end of the writer's file: its facts move nowhere, so it alone is parsed again.
        Path grow = project.resolve("grow.c");
        Files.writeString(grow, Files.readString(grow) + "\n/* edited */\n");
        Analysis.Result edited = scanFields(true);
        assertEquals(new Analysis.Stats(1, 2, 2), edited.stats());
        assertSame(scanFields(false), edited);

        // A line above the writer moves the evidence methods.c shows: methods.c is re-analysed from its cached facts; other.c is not.
        Files.writeString(grow, "/* moved */\n" + Files.readString(grow));
        Analysis.Result moved = scanFields(true);
        assertEquals(new Analysis.Stats(2, 1, 2), moved.stats());
        assertSame(scanFields(false), moved);

        // The helper stops reallocating: the race in methods.c changes with no edit to methods.c.
        Files.writeString(grow, Files.readString(grow).replace("PyMem_Realloc(b->data, (b->n + extra) * sizeof(double))", "NULL"));
        Analysis.Result changed = scanFields(true);
        assertEquals(2, changed.stats().parsed());
        assertFalse(fieldRace(changed).message().contains("reallocated"), fieldRace(changed).message());
        assertSame(scanFields(false), changed);
    }

    @Test
    void anEditThatChangesTheLinkReanalysesTheFilesItAffects() throws IOException {
        Analysis.Result before = scan();
        assertEquals(Confidence.HIGH, counterWrite(before).confidence(), "reached from the method");
        // The method no longer calls the helper: counter.c's text is the same, its findings are not.
        Path m = project.resolve("module.c");
        Files.writeString(m, Files.readString(m).replace("PyLong_FromLong(counter_bump())", "PyLong_FromLong(0)"));
        Analysis.Result after = scan();
        assertEquals(Confidence.LOW, counterWrite(after).confidence(), "no longer reached");
        assertEquals(2, after.stats().parsed(), "counter.c re-analysed (its facts came from the cache)");
        assertEquals(2, after.stats().cachedFacts() + 1);
        assertSame(scan("v1", PARSER, false), after);
    }

    @Test
    void aChangedHeaderInvalidatesTheFilesThatIncludeIt() throws IOException {
        scan();
        Path h = project.resolve("counter.h");
        Files.writeString(h, Files.readString(h).replace("#define COUNTER_STEP 1", "#define COUNTER_STEP 2"));
        Analysis.Result after = scan();
        assertEquals(2, after.stats().parsed(), "both files include counter.h");
    }

    @Test
    void otherOptionsOrAnotherToolVersionStartAfresh() {
        scan();
        assertEquals(2, scan("v2", PARSER, true).stats().parsed(), "tool version");
        CParser other = new CParser(new ParseOptions(List.of(), Map.of("COUNTER_EXTRA", "1"), List.of(), false, true));
        assertEquals(2, scan("v1", other, true).stats().parsed(), "parse options");
        assertEquals(0, scan("v1", PARSER, true).stats().parsed(), "the first options' entries are still there");
    }

    @Test
    void treesDroppedAfterTheirFactsGiveTheSameReport() {
        List<InputFile> in = Stream.of("module.c", "counter.c").map(f -> InputFile.read(project.resolve(f), f)).toList();
        Analysis.Result kept = new Analysis(PARSER, RuleCatalog.all(), 2, true, true).run(in);
        Analysis.Result reparsed = new Analysis(PARSER, RuleCatalog.all(), 2, true, true).withTreeBudget(0).run(in);
        assertEquals(kept.scan(), reparsed.scan());
        assertFalse(kept.scan().findings().isEmpty());
    }

    @Test
    void aDamagedEntryIsAMissNotAnError() throws IOException {
        Analysis.Result cold = scan();
        try (Stream<Path> s = Files.walk(cacheRoot)) {
            for (Path p : s.filter(p -> p.toString().endsWith(".bin")).toList()) Files.writeString(p, "{ not smile");
        }
        Analysis.Result again = scan();
        assertEquals(2, again.stats().parsed());
        assertSame(cold, again);
    }

    @Test
    void aWriteToAnotherFilesGlobalFollowsItsDefinition() throws IOException {
        Path ext = Files.createDirectories(project.resolve("ext"));
        Path src = Path.of("src/test/resources/cache-extern");
        for (String f : List.of("module.c", "state.c", "state.h")) Files.copy(src.resolve(f), ext.resolve(f));
        java.util.function.Supplier<Analysis.Result> run = () -> scanExtern(ext, true);
        Finding w = run.get().scan().findings().stream().filter(f -> f.ruleId().equals("FT401")
                && f.location().relPath().endsWith("module.c")).findFirst().orElseThrow();
        assertTrue(w.message().contains("a global defined in state.c"), w.message());
        assertTrue(w.evidence().stream().anyMatch(l -> l.relPath().endsWith("state.c") && l.startLine() == 3
                && l.message().contains("`hits` is defined here")), w.evidence().toString());
        // state.c alone changes: `hits` becomes file-private there, so module.c's `hits` is no longer that global.
        Path s = ext.resolve("state.c");
        Files.writeString(s, Files.readString(s).replace("long hits = 0;", "static long hits = 0;"));
        Analysis.Result after = run.get();
        assertEquals(2, after.stats().parsed(), "module.c's finding came from state.c's facts: it is analysed again");
        assertTrue(after.scan().findings().stream().noneMatch(f -> f.ruleId().equals("FT401") && f.location().relPath().endsWith("module.c")),
                after.scan().findings().toString());
        assertEquals(scanExtern(ext, false).scan(), after.scan());
    }

    private Analysis.Result scanExtern(Path dir, boolean cached) {
        List<InputFile> in = Stream.of("module.c", "state.c").map(f -> InputFile.read(dir.resolve(f), f)).toList();
        Analysis a = new Analysis(PARSER, LINKED, 2, true, false);
        if (cached) a.withCache(new ScanCache(new CacheDir(cacheRoot), "v1"));
        return a.run(in);
    }
}
