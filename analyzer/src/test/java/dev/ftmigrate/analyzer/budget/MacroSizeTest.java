package dev.ftmigrate.analyzer.budget;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The pre-parse estimate of macro expansion: chains of definitions and nested invocations. */
class MacroSizeTest {
    @Test
    void nestedInvocationsOfADoublingMacroAreRefused() {
        String text = "#define F(x) x x\nint n(void) { return " + "F(".repeat(26) + "1" + ")".repeat(26) + "; }\n";
        assertEquals("F (nested invocations)", MacroSize.firstTooLarge(text, 2_000_000));
    }

    @Test
    void shallowOrSingleUseNestingIsAccepted() {
        String shallow = "#define F(x) x x\nint n(void) { return F(F(F(1))); }\n";
        assertNull(MacroSize.firstTooLarge(shallow, 2_000_000));
        String single = "#define G(x) (x + 1)\nint n(void) { return " + "G(".repeat(40) + "1" + ")".repeat(40) + "; }\n";
        assertNull(MacroSize.firstTooLarge(single, 2_000_000));
    }

    @Test
    void chainsOfDefinitionsAreRefused() {
        StringBuilder sb = new StringBuilder("#define M0 x\n");
        for (int i = 1; i <= 30; i++) sb.append("#define M").append(i).append(" M").append(i - 1).append(" M").append(i - 1).append('\n');
        sb.append("int y = M30;\n");
        assertNotNull(MacroSize.firstTooLarge(sb.toString(), 2_000_000));
    }

    @Test
    void nestedDepthsCountDirectNestingOfTheSameNameOnly() {
        var d = MacroSize.nestedDepths("F(F( F (x))) G(F(F(y))) xF(F(1)) F(G(F(2))) 1F(F(F(F(3))))");
        assertEquals(3, d.get("F"), "the longest direct run, spaces allowed");
        assertNull(d.get("G"), "a single invocation is no run");
        assertEquals(3, MacroSize.nestedDepths("F(F(F(1)))").get("F"));
        assertTrue(MacroSize.nestedDepths("F(a, F(b))").isEmpty(), "only the first argument nests directly");
    }
}
