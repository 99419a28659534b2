package dev.ftmigrate.analyzer;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.*;

/** The one-pass directive scan the compat planning reads includes, #if nesting and #defines from. */
class DirectivesTest {
    static final String TEXT = String.join("\n",
            "#ifndef GUARD_H",                        // 0
            "  #  define GUARD_H",
            "#include<Python.h>\r",                    // CRLF: the '\r' stays on the line
            "\t#include \"local/helper.h\" // why",
            "#include \"Python.hpp\"",
            "#include <stdio.h>",
            "int x; # not a directive",
            "#",                                       // a null directive
            "#define\tFOO(a) (a)",
            "#defineBAR 1",                            // one word: not a define of BAR
            "#include \"unclosed.h",
            "#endif");

    @Test
    void eachDirectiveLineIsFoundWithItsNameAndEnd() {
        List<Directives.Line> lines = Directives.scan(TEXT).lines();
        assertEquals(List.of("ifndef", "define", "include", "include", "include", "include", "", "define", "defineBAR", "include", "endif"),
                lines.stream().map(Directives.Line::name).toList());
        Directives.Line crlf = lines.get(2);
        assertEquals('\r', TEXT.charAt(crlf.end() - 1));
        assertEquals('\n', TEXT.charAt(crlf.end()));
        assertEquals(TEXT.length(), lines.get(lines.size() - 1).end());
    }

    @Test
    void includesDefinesAndPythonHAreReadOffTheLines() {
        List<Directives.Line> lines = Directives.scan(TEXT).lines();
        assertEquals(List.of("local/helper.h", "Python.hpp"), lines.stream().map(l -> Directives.quoted(TEXT, l)).filter(Objects::nonNull).toList());
        assertEquals(List.of("GUARD_H", "FOO"), lines.stream().map(l -> Directives.defined(TEXT, l)).filter(Objects::nonNull).toList());
        assertEquals(List.of(2), lines.stream().filter(l -> Directives.includesPythonH(TEXT, l)).map(lines::indexOf).toList());
    }
}
