package dev.ftmigrate.analyzer.budget;

/**
 * The deepest bracket nesting of a C text, outside comments, strings and character constants. Checked
 * before parsing: CDT and every tree walk recurse on nesting, so a deep file would overflow the stack.
 */
public final class Nesting {
    private Nesting() {}

    /** Offset of the first bracket deeper than {@code max}, or -1. */
    public static int firstTooDeep(String s, int max) {
        int depth = 0;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '/' -> {
                    if (i + 1 < n && s.charAt(i + 1) == '*') {
                        int e = s.indexOf("*/", i + 2);
                        i = e < 0 ? n : e + 1;
                    } else if (i + 1 < n && s.charAt(i + 1) == '/') {
                        int e = s.indexOf('\n', i);
                        i = e < 0 ? n : e;
                    }
                }
                case '"', '\'' -> i = endOfLiteral(s, i, c);
                case '(', '[', '{' -> {
                    if (++depth > max) return i;
                }
                case ')', ']', '}' -> depth = Math.max(0, depth - 1);
                default -> { }
            }
        }
        return -1;
    }

    private static int endOfLiteral(String s, int i, char q) {
        for (int j = i + 1; j < s.length(); j++) {
            char c = s.charAt(j);
            if (c == '\\') j++;
            else if (c == q || c == '\n') return j;
        }
        return s.length();
    }
}
