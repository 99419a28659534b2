package dev.ftmigrate.rules;

import dev.ftmigrate.analyzer.CParser;
import dev.ftmigrate.analyzer.ModelBuilder;
import dev.ftmigrate.analyzer.ParseOptions;
import dev.ftmigrate.analyzer.SourceFile;
import dev.ftmigrate.rules.engine.RuleEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Walks fixtures/RULEID/*.c: each line marked {@code /* expect: FT301 *}{@code /} must carry that finding,
 * and no other line may carry a finding of the folder's rule or of any rule the file marks.
 */
class FixtureTest {
    static final Path ROOT = Path.of("src/test/resources/fixtures");
    private static final Pattern MARK = Pattern.compile("/\\*\\s*expect:\\s*([A-Z0-9, ]+?)\\s*\\*/");
    private static final CParser PARSER = new CParser(ParseOptions.hermetic());
    private static final RuleEngine ENGINE = new RuleEngine(RuleCatalog.all());

    static Stream<Path> fixtures() throws IOException {
        try (Stream<Path> s = Files.walk(ROOT)) {
            return s.filter(p -> p.toString().endsWith(".c")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void findingsMatchMarkers(Path fixture) throws IOException {
        String folderRule = fixture.getParent().getFileName().toString();
        SourceFile src = SourceFile.read(fixture, ROOT.relativize(fixture).toString());
        Set<String> expected = new TreeSet<>();
        Set<String> rulesInPlay = new TreeSet<>(Set.of(folderRule));
        for (int line = 1; line <= src.lineCount(); line++) {
            Matcher m = MARK.matcher(src.lineText(line));
            while (m.find()) {
                for (String id : m.group(1).split(",")) {
                    expected.add(line + " " + id.strip());
                    rulesInPlay.add(id.strip());
                }
            }
        }
        // Generated code must be silent for every other rule: compare all of them there.
        if (folderRule.equals("FT601") || folderRule.equals("FT602")) rulesInPlay.addAll(RuleCatalog.ids());
        if (fixture.getFileName().toString().startsWith("clean_")) {
            assertTrue(expected.isEmpty(), "clean fixtures carry no markers");
        }
        Set<String> actual = new TreeSet<>();
        for (Finding f : ENGINE.run(ModelBuilder.build(PARSER.parse(src))).findings()) {
            if (rulesInPlay.contains(f.ruleId())) actual.add(f.location().startLine() + " " + f.ruleId());
        }
        assertEquals(String.join("\n", expected), String.join("\n", actual), "line rule pairs in " + fixture);
    }

    @Test
    void everyRuleHasFixturesWithFindingsAndCleanCases() throws IOException {
        for (String id : RuleCatalog.ids()) {
            Path dir = ROOT.resolve(id);
            assertTrue(Files.isDirectory(dir), "fixtures for " + id);
            try (Stream<Path> s = Files.list(dir)) {
                var names = s.map(p -> p.getFileName().toString()).toList();
                assertTrue(names.stream().anyMatch(n -> n.startsWith("clean_")), id + " has a clean fixture");
                assertTrue(names.stream().anyMatch(n -> !n.startsWith("clean_")), id + " has a positive fixture");
            }
        }
    }
}
