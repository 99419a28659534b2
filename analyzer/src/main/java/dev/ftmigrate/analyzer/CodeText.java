package dev.ftmigrate.analyzer;

/**
 * The text with comments and string/char literals blanked to spaces (same length, newlines kept),
 * for the few raw-text checks that must also see inactive #if branches but not prose.
 */
public final class CodeText {
    private CodeText() {}

    public static String of(String text) {
        char[] out = text.toCharArray();
        int i = 0, n = out.length;
        while (i < n) {
            char c = out[i];
            if (c == '/' && i + 1 < n && out[i + 1] == '*') {
                int end = text.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                blank(out, i, end);
                i = end;
            } else if (c == '/' && i + 1 < n && out[i + 1] == '/') {
                int end = text.indexOf('\n', i);
                end = end < 0 ? n : end;
                blank(out, i, end);
                i = end;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (j < n && out[j] != c && out[j] != '\n') j += out[j] == '\\' ? 2 : 1;
                j = Math.min(n, j + 1);
                blank(out, i + 1, j - 1);
                i = j;
            } else {
                i++;
            }
        }
        return new String(out);
    }

    /** A character of a C identifier or number, as regex {@code \w} counts it. */
    public static boolean word(char c) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    private static void blank(char[] a, int from, int to) {
        for (int k = from; k < to && k < a.length; k++) if (a[k] != '\n' && a[k] != '\r') a[k] = ' ';
    }
}
