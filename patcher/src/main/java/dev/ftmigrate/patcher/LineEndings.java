package dev.ftmigrate.patcher;

/** Line-ending detection and conversion, so inserted code uses the file's own convention. */
public final class LineEndings {
    private LineEndings() {}

    /**
     * The most frequent terminator of {@code text}: "\r\n", "\n" or "\r". Ties go to the one seen
     * first; a text with no terminator at all gets "\n".
     */
    public static String dominant(String text) {
        int crlf = 0, lf = 0, cr = 0;
        String first = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String seen = null;
            if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') { crlf++; i++; seen = "\r\n"; }
            else if (c == '\n') { lf++; seen = "\n"; }
            else if (c == '\r') { cr++; seen = "\r"; }
            if (first == null) first = seen;
        }
        int max = Math.max(crlf, Math.max(lf, cr));
        if (max == 0) return "\n";
        int winners = (crlf == max ? 1 : 0) + (lf == max ? 1 : 0) + (cr == max ? 1 : 0);
        if (winners > 1) return first;
        return crlf == max ? "\r\n" : lf == max ? "\n" : "\r";
    }

    /** Rewrites every "\r\n" or "\n" in {@code s} as {@code eol}. Lone "\r" is left alone. */
    public static String convert(String s, String eol) {
        if (s.indexOf('\n') < 0) return s;
        String lf = s.replace("\r\n", "\n");
        return eol.equals("\n") ? lf : lf.replace("\n", eol);
    }

    /** True when {@code offset} falls between the '\r' and the '\n' of one CRLF pair. */
    public static boolean splitsCrlf(String text, int offset) {
        return offset > 0 && offset < text.length()
                && text.charAt(offset - 1) == '\r' && text.charAt(offset) == '\n';
    }
}
