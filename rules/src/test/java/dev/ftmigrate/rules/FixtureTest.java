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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Walks fixtures/RULEID/*.c in the Error Prone style: each line marked
 * {@code /* expect: FT404 "fragment" evidence "fragment" *}{@code /} must carry a finding of that
 * rule whose message (and one of whose evidence locations) contains the fragments, and no line may
 * carry a finding of ANY rule that is not marked: every fixture is checked against every rule.
 */
class FixtureTest {
    static final Path ROOT = Path.of("src/test/resources/fixtures");
    private static final Pattern MARK = Pattern.compile("/\\*\\s*expect:\\s*(.+?)\\s*\\*/");
    private static final Pattern ITEM = Pattern.compile("(FT\\d{3})((?:\\s+(?:evidence\\s+)?\"[^\"]*\")*)");
    private static final Pattern FRAGMENT = Pattern.compile("(evidence\\s+)?\"([^\"]*)\"");
    private static final CParser PARSER = new CParser(ParseOptions.hermetic());
    private static final RuleEngine ENGINE = new RuleEngine(RuleCatalog.all());

    /** One expected finding: rule and line, with fragments its message and its evidence must contain. */
    record Expect(int line, String rule, List<String> message, List<String> evidence) {}

    static Stream<Path> fixtures() throws IOException {
        try (Stream<Path> s = Files.walk(ROOT)) {
            return s.filter(p -> p.toString().endsWith(".c")).sorted().toList().stream();
        }
    }

    static List<Expect> expectations(SourceFile src) {
        List<Expect> out = new ArrayList<>();
        for (int line = 1; line <= src.lineCount(); line++) {
            Matcher m = MARK.matcher(src.lineText(line));
            while (m.find()) {
                Matcher item = ITEM.matcher(m.group(1));
                while (item.find()) {
                    List<String> msg = new ArrayList<>(), ev = new ArrayList<>();
                    Matcher f = FRAGMENT.matcher(item.group(2));
                    while (f.find()) (f.group(1) != null ? ev : msg).add(f.group(2));
                    out.add(new Expect(line, item.group(1), msg, ev));
                }
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void findingsMatchMarkers(Path fixture) throws IOException {
        SourceFile src = SourceFile.read(fixture, ROOT.relativize(fixture).toString());
        List<Expect> expects = expectations(src);
        if (fixture.getFileName().toString().startsWith("clean_")) {
            assertTrue(expects.isEmpty(), "clean fixtures carry no markers");
        }
        Set<String> expected = new TreeSet<>();
        for (Expect e : expects) expected.add(e.line() + " " + e.rule());
        List<Finding> findings = ENGINE.run(ModelBuilder.build(PARSER.parse(src))).findings();
        Set<String> actual = new TreeSet<>();
        for (Finding f : findings) actual.add(f.location().startLine() + " " + f.ruleId());
        assertEquals(String.join("\n", expected), String.join("\n", actual), "line rule pairs in " + fixture);
        for (Expect e : expects) {
            List<Finding> here = findings.stream().filter(f -> f.location().startLine() == e.line() && f.ruleId().equals(e.rule())).toList();
            assertTrue(here.stream().anyMatch(f -> e.message().stream().allMatch(f.message()::contains)
                            && e.evidence().stream().allMatch(frag -> f.evidence().stream().anyMatch(l -> l.message().contains(frag)))),
                    () -> fixture + ":" + e.line() + " " + e.rule() + " should say " + e.message() + " with evidence " + e.evidence()
                            + "; got " + here.stream().map(f -> f.message() + " " + f.evidence().stream().map(Location::message).toList()).toList());
        }
    }

    @Test
    void markersParseRuleMessageAndEvidenceFragments() {
        SourceFile s = SourceFile.ofText("m.c", "x; /* expect: FT407 \"reads `self->data`\" evidence \"by append()\", FT404 */\n");
        assertEquals(List.of(new Expect(1, "FT407", List.of("reads `self->data`"), List.of("by append()")),
                new Expect(1, "FT404", List.of(), List.of())), expectations(s));
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
