package dev.ftmigrate.rules;

import dev.ftmigrate.analyzer.CParser;
import dev.ftmigrate.analyzer.ParseOptions;
import dev.ftmigrate.analyzer.SourceFile;
import dev.ftmigrate.analyzer.input.InputFile;
import dev.ftmigrate.rules.engine.Analysis;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.*;

/** Detection and fix planning are separate stages: same findings either way, fixes only when asked for. */
class FixStageTest {
    private static final CParser PARSER = new CParser(ParseOptions.hermetic());
    private static final Path DIR = Path.of("src/test/resources/fixstage");

    private static List<Finding> scan(String file, boolean fixes, List<dev.ftmigrate.rules.engine.Rule> rules) throws IOException {
        SourceFile src = SourceFile.read(DIR.resolve(file), file);
        return new Analysis(PARSER, rules, 1, true, fixes).run(List.of(new InputFile(file, src, null))).scan().findings();
    }

    private static Finding only(List<Finding> fs, String id) {
        return fs.stream().filter(f -> f.ruleId().equals(id)).findFirst().orElseThrow(() -> new AssertionError(id + " in " + fs));
    }

    @Test
    void detectionAloneCarriesNoFixesAndFindsTheSame() throws IOException {
        List<Finding> plain = scan("module_with_counter.c", false, RuleCatalog.all());
        List<Finding> planned = scan("module_with_counter.c", true, RuleCatalog.all());
        assertTrue(plain.stream().allMatch(f -> f.fix().isEmpty()), plain.toString());
        Function<Finding, String> key = f -> f.ruleId() + "@" + f.location().startOffset() + " " + f.message();
        assertEquals(plain.stream().map(key).toList(), planned.stream().map(key).toList());
        assertTrue(only(planned, "FT401").fix().isPresent());
    }

    @Test
    void moduleDeclarationIsReviewWhileAHazardRemainsAndNamesIt() throws IOException {
        Fix fix = only(scan("module_with_counter.c", true, RuleCatalog.all()), "FT201").fix().orElseThrow();
        assertEquals(FixSafety.REVIEW, fix.safety());
        assertTrue(fix.description().contains("FT401 at line 8"), fix.description());
    }

    @Test
    void moduleDeclarationIsSafeInACleanFile() throws IOException {
        Fix fix = only(scan("clean_module.c", true, RuleCatalog.all()), "FT201").fix().orElseThrow();
        assertEquals(FixSafety.SAFE, fix.safety(), fix.description());
    }

    @Test
    void moduleDeclarationStaysReviewWhenTheSharedStateRulesDidNotRun() throws IOException {
        Fix fix = only(scan("clean_module.c", true, RuleCatalog.selected(List.of("FT2"), List.of())), "FT201").fix().orElseThrow();
        assertEquals(FixSafety.REVIEW, fix.safety(), fix.description());
    }

    @Test
    void aFixIsNeverMorePermissiveThanItsRuleDeclares() {
        for (var rule : RuleCatalog.all()) {
            for (FixSafety s : FixSafety.values()) {
                Fix capped = dev.ftmigrate.rules.engine.FixStageAccess.capped(new Fix("x", s, List.of()), rule.descriptor());
                assertTrue(capped.safety().ordinal() >= rule.descriptor().fixSafety().ordinal(), rule.id() + " " + s);
                assertTrue(capped.safety().ordinal() >= s.ordinal());
            }
        }
    }

    @Test
    void aLockGroupSpanningManyFunctionsIsNamedInPartOnEachFinding() throws IOException {
        // f2c's shape: each routine's static locals and one shared constant, passed by address, lock as one group.
        List<Finding> fs = scan("shared_lock_group.c", true, RuleCatalog.selected(List.of("FT401"), List.of()));
        assertEquals(30, fs.size(), fs.toString());
        String d = fs.get(0).fix().orElseThrow().description();
        assertEquals("not rewritten automatically: `c__1`, `n` of routine_0(), `m` of routine_0(), `n` of routine_1(), `m` of routine_1(), "
                + "`n` of routine_2(), `m` of routine_2(), `n` of routine_3() and 13 more are static locals of different functions", d);
        assertTrue(fs.stream().allMatch(f -> f.fix().orElseThrow().description().equals(d)), fs.toString());
    }

    @Test
    void everyRuleBelongsToAFamily() {
        for (String id : RuleCatalog.ids()) assertTrue(RuleFamily.of(id).isPresent(), id);
    }
}
