package dev.ftmigrate.rules;

import dev.ftmigrate.analyzer.CParser;
import dev.ftmigrate.analyzer.ParseOptions;
import dev.ftmigrate.analyzer.input.InputFile;
import dev.ftmigrate.rules.engine.Analysis;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** A .c file #included by another scanned file is analysed as part of the includer's translation unit. */
class UnityBuildTest {
    private static final Path DIR = Path.of("src/test/resources/unity");

    private static Finding only(List<Finding> fs, String path) {
        List<Finding> here = fs.stream().filter(f -> f.ruleId().equals("FT401") && f.location().relPath().equals(path)).toList();
        assertEquals(1, here.size(), path + ": " + fs);
        return here.get(0);
    }

    @Test
    void theIncludersTableReachesTheIncludedFilesFunctionsAndTheyReachItsStatics() {
        List<InputFile> in = Stream.of("module.c", "part.c").map(f -> InputFile.read(DIR.resolve(f), f)).toList();
        List<Finding> fs = new Analysis(new CParser(ParseOptions.hermetic()), RuleCatalog.all(), 2, true, false)
                .run(in).scan().findings();

        Finding part = only(fs, "part.c");
        assertEquals(8, part.location().startLine(), part.toString());
        assertEquals(Level.ERROR, part.level(), "reached from Python through module.c's table, not a note: " + part);
        assertEquals("module.c", part.evidence().get(0).relPath(), "the entry point is in the includer's table");
        assertTrue(part.message().contains("method `tally`"), part.message());

        Finding module = only(fs, "module.c");
        assertEquals(Level.ERROR, module.level(), "count_call() is called from part.c's tally(): " + module);
        assertTrue(module.message().contains("tally()"), module.message());
        assertTrue(fs.stream().noneMatch(f -> f.level() == Level.NOTE && f.ruleId().startsWith("FT40")),
                "nothing is left unreachable: " + fs);
    }
}
