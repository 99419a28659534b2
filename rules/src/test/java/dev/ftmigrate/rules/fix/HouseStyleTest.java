package dev.ftmigrate.rules.fix;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The layout a fix copies from the file it edits: where a block's brace goes, how an early exit is written. */
class HouseStyleTest {
    @Test
    void bracesFollowTheMajorityOfTheFilesBlocks() {
        String own = "if (a)\n    {\n        f();\n    }\nwhile (b)\r\n\t{ \r\n g();\n}\nif (c) {\n}\n";
        String same = "if (a) {\n}\nwhile (b)\t{\t\n}\nif (c)\n    {\n}\n";
        assertTrue(SourceText.bracesOnOwnLine(own));
        assertFalse(SourceText.bracesOnOwnLine(same));
        // A function body's brace at column 0, a brace with code after it, a bare "(" line: none counts.
        assertFalse(SourceText.bracesOnOwnLine("int f(void)\n{\n}\nif (a)\n    { g(); }\nif (b)\n    {\n}\nif (c) {\n}\nif (d) {\n}\n"));
        assertFalse(SourceText.bracesOnOwnLine(""));
    }

    @Test
    void earlyExitsAreWrittenAsTheFileWritesThem() {
        assertEquals(ExitFlag.Style.ONE_LINE, ExitFlag.guardStyle("if (x == NULL) goto error;\nif (y < 0) return NULL;\nif (z)\n    goto done;\n"));
        assertEquals(ExitFlag.Style.NEXT_LINE, ExitFlag.guardStyle("if (x == NULL)\n    goto error;\nif (y)\r\n\treturn -1;\nif (z) return 0;\n"));
        assertEquals(ExitFlag.Style.BRACED, ExitFlag.guardStyle("if (x) {\n    goto error;\n}\nif (y) {\n    return -1;\n    }\nif (z) goto done;\n"));
        // Not the keyword: "elif", "notif(" and a macro IF( do not count; nor does an exit in a comment.
        assertEquals(ExitFlag.Style.BRACED, ExitFlag.guardStyle("elif (a) goto x;\nnotif (b) return 1;\n/* if (c) return 0; */\n"));
        // Two on one line are one match, as the pattern's scan sees them.
        assertEquals(ExitFlag.Style.NEXT_LINE, ExitFlag.guardStyle("if (a) if (b) return 1;\nif (c)\n  goto d;\nif (e)\n  goto f;\n"));
    }
}
