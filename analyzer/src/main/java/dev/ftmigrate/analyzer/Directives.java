package dev.ftmigrate.analyzer;

import java.util.ArrayList;
import java.util.List;

/**
 * A file's preprocessor directive lines, found in one pass and kept with the file: the parse's
 * budget check reads its #defines, the compat planning its includes, #if nesting and #defines, and
 * regexes anchored at every line start made each of those a hot spot of a scan. Lines
 * end at '\n' (a '\r' before it belongs to the line, as a regex's {@code [^\n]*} takes it).
 */
public record Directives(List<Line> lines) {
    /**
     * @param start the line's first char
     * @param end   where the line ends (its '\n', or the end of the text)
     * @param name  the directive's word ("include", "define", "ifndef"...), empty for a lone '#'
     * @param after the offset just past the name
     */
    public record Line(int start, int end, String name, int after) {}

    private static final Object KEY = new Object();

    public static Directives of(SourceFile src) { return src.derived(KEY, Directives::scan); }

    public static Directives scan(String text) {
        List<Line> out = new ArrayList<>();
        int n = text.length();
        for (int start = 0; start < n; ) {
            int end = text.indexOf('\n', start);
            if (end < 0) end = n;
            int p = blanks(text, start, end);
            if (p < end && text.charAt(p) == '#') {
                int w = blanks(text, p + 1, end), e = w;
                while (e < end && CodeText.word(text.charAt(e))) e++;
                out.add(new Line(start, end, text.substring(w, e), e));
            }
            start = end + 1;
        }
        return new Directives(List.copyOf(out));
    }

    /** The first offset from {@code i} (before {@code end}) that is not a space or a tab. */
    public static int blanks(String text, int i, int end) {
        while (i < end && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) i++;
        return i;
    }

    /** The path of a quote include ({@code #include "x.h"}), else null. */
    public static String quoted(String text, Line l) {
        if (!l.name().equals("include")) return null;
        int q = blanks(text, l.after(), l.end());
        if (q >= l.end() || text.charAt(q) != '"') return null;
        int close = text.indexOf('"', q + 1);
        return close < 0 || close >= l.end() || close == q + 1 ? null : text.substring(q + 1, close);
    }

    /** {@code #include <Python.h>} or {@code #include "Python.h"}. */
    public static boolean includesPythonH(String text, Line l) {
        if (!l.name().equals("include")) return false;
        int q = blanks(text, l.after(), l.end());
        if (q + 9 >= l.end() || !text.startsWith("Python.h", q + 1)) return false;
        char open = text.charAt(q), close = text.charAt(q + 9);
        return (open == '<' || open == '"') && (close == '>' || close == '"');
    }

    /** The name a {@code #define} line defines, else null. */
    public static String defined(String text, Line l) {
        if (!l.name().equals("define") || l.after() >= l.end() || !Character.isWhitespace(text.charAt(l.after()))) return null;
        int w = l.after();
        while (w < l.end() && Character.isWhitespace(text.charAt(w))) w++;
        int e = w;
        while (e < l.end() && CodeText.word(text.charAt(e))) e++;
        return e > w ? text.substring(w, e) : null;
    }
}
