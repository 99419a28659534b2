package dev.ftmigrate.rules.fix;

import dev.ftmigrate.analyzer.Directives;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The #if nesting the compat planning reads from a file's directive lines. */
class ConditionalDepthTest {
    static final String TEXT = String.join("\n",
            "#ifndef GUARD_H",
            "  #  define GUARD_H",
            "#include<Python.h>\r",
            "#include <stdio.h>",
            "#",
            "#define\tFOO(a) (a)",
            "#endif");

    @Test
    void theIfNestingCountsOnlyConditionalsAndSeesTheIncludeGuard() {
        List<Directives.Line> lines = Directives.scan(TEXT).lines();
        int[] depth = Compat.conditionalDepth(TEXT, lines);
        assertEquals(1, depth[TEXT.indexOf("#include<Python.h>")]);
        assertEquals(0, depth[TEXT.lastIndexOf("#endif")], "the closing #endif is outside");
        assertEquals(1, depth[depth.length - 1], "an include guard wraps the whole file");
    }

    @Test
    void aFirstConditionalThatIsNotAGuardLeavesTheBodyAtDepthZero() {
        String noDefine = "/* head */\n#ifndef X_H\nint x;\n#define X_H\n#endif\n";
        String later = "int before;\n#ifndef X_H\n#define X_H\n#endif\n";
        String guarded = "/* head */\n#ifndef X_H\n  #define X_H 1\nint x;\n#endif /* X_H */\n";
        assertEquals(0, last(noDefine), "the #define is not on the next line");
        assertEquals(0, last(later), "code before the #ifndef");
        assertEquals(1, last(guarded));
    }

    private static int last(String text) {
        int[] d = Compat.conditionalDepth(text, Directives.scan(text).lines());
        return d[d.length - 1];
    }
}
