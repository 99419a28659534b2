package dev.ftmigrate.rules;

import dev.ftmigrate.rules.engine.Rule;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class RuleCatalogTest {
    private static List<String> ids(List<Rule> rules) { return rules.stream().map(Rule::id).toList(); }

    @Test
    void optInRulesRunOnlyWhenSelectedByTheirFullId() {
        assertTrue(RuleCatalog.optIn(RuleCatalog.all().stream().filter(r -> r.id().equals("FT410")).findFirst().orElseThrow()));
        assertFalse(ids(RuleCatalog.selected(List.of(), List.of())).contains("FT410"), "off by default");
        assertFalse(ids(RuleCatalog.selected(List.of("FT4"), List.of())).contains("FT410"), "a prefix does not select it");
        assertTrue(ids(RuleCatalog.selected(List.of("FT4"), List.of())).contains("FT401"));
        assertEquals(List.of("FT410"), ids(RuleCatalog.selected(List.of("ft410"), List.of())));
        assertEquals(RuleCatalog.all().size() - 1, RuleCatalog.selected(List.of(), List.of()).size(), "only FT410 is opt-in");
    }
}
