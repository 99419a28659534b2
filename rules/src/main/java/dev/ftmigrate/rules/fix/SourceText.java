package dev.ftmigrate.rules.fix;

import dev.ftmigrate.analyzer.Ast;
import dev.ftmigrate.analyzer.Directives;
import dev.ftmigrate.analyzer.SourceFile;
import dev.ftmigrate.analyzer.TextRange;
import dev.ftmigrate.rules.TextEdit;
import org.eclipse.cdt.core.dom.ast.IASTNode;
import org.eclipse.cdt.core.dom.ast.IASTNodeLocation;
import org.eclipse.cdt.core.dom.ast.IASTFileLocation;

/**
 * Layout helpers on the scanned text: lines, indentation, and whether a node is written literally
 * (not produced by a macro), so fixes only splice text the user actually wrote. Inserted text
 * always uses "\n"; the patcher converts it to the file's own line ending.
 */
public final class SourceText {
    private SourceText() {}

    /** Offset of the start of the line holding {@code offset}. */
    public static int lineStart(String text, int offset) {
        int i = offset;
        while (i > 0 && text.charAt(i - 1) != '\n' && text.charAt(i - 1) != '\r') i--;
        return i;
    }

    /** Offset just past the line terminator of the line holding {@code offset} (or the text's end). */
    public static int nextLineStart(String text, int offset) {
        int i = offset;
        while (i < text.length() && text.charAt(i) != '\n' && text.charAt(i) != '\r') i++;
        if (i < text.length() && text.charAt(i) == '\r') i++;
        if (i < text.length() && text.charAt(i) == '\n') i++;
        return i;
    }

    /** The leading blanks of the line holding {@code offset}. */
    public static String indentAt(String text, int offset) {
        int s = lineStart(text, offset), e = s;
        while (e < text.length() && (text.charAt(e) == ' ' || text.charAt(e) == '\t')) e++;
        return text.substring(s, e);
    }

    /** True when only blanks precede {@code offset} on its line. */
    public static boolean firstOnLine(String text, int offset) {
        for (int i = lineStart(text, offset); i < offset; i++) if (text.charAt(i) != ' ' && text.charAt(i) != '\t') return false;
        return true;
    }

    /** True when only blanks (or a comment) follow {@code end} on its line. */
    public static boolean lastOnLine(String text, int end) {
        int i = end;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) i++;
        return i >= text.length() || text.charAt(i) == '\n' || text.charAt(i) == '\r' || text.startsWith("/*", i) || text.startsWith("//", i);
    }

    private static final Object INDENT_UNIT = new Object(), OWN_LINE_BRACES = new Object();

    /** {@link #indentUnit(String)} of the file, worked out once per file. */
    public static String indentUnit(SourceFile src) { return src.derived(INDENT_UNIT, SourceText::indentUnit); }

    /** One level of indentation as the file writes it: a tab, or the smallest step of leading spaces in code (default 4). */
    public static String indentUnit(String text) {
        int best = 0;
        // Comments blanked: their continuation lines ("   * text") say nothing about the code's indentation.
        for (String line : dev.ftmigrate.analyzer.CodeText.of(text).split("\n", -1)) {
            if (line.isBlank()) continue;
            if (line.startsWith("\t")) return "\t";
            int n = 0;
            while (n < line.length() && line.charAt(n) == ' ') n++;
            if (n > 0 && (best == 0 || n < best)) best = n;
        }
        return " ".repeat(best == 0 || best > 8 ? 4 : best);
    }

    /**
     * The indentation step at a statement: its own indent minus that of the line opening its
     * block, when that is a clean step; else the file's unit. Local beats global in files whose
     * alignment of continuation lines confuses a file-wide guess.
     */
    public static String unitAt(SourceFile src, org.eclipse.cdt.core.dom.ast.IASTStatement stmt) {
        String text = src.text();
        TextRange r = Ast.range(stmt);
        if (r != null && stmt.getParent() instanceof org.eclipse.cdt.core.dom.ast.IASTCompoundStatement c && Ast.range(c) != null) {
            String inner = indentAt(text, r.start()), outer = indentAt(text, Ast.range(c).start());
            if (inner.length() > outer.length() && inner.startsWith(outer)) return inner.substring(outer.length());
        }
        return indentUnit(src);
    }

    /** True when the node's text is written in this file as is, not expanded from a macro. */
    public static boolean literal(IASTNode node) {
        IASTNodeLocation[] locs = node.getNodeLocations();
        if (locs.length == 0) return false;
        for (IASTNodeLocation l : locs) if (!(l instanceof IASTFileLocation)) return false;
        return Ast.range(node) != null;
    }

    /**
     * Removes a whole statement: its entire line when nothing else is on it, otherwise just its
     * text and the blanks after it.
     */
    public static TextEdit deleteStatement(SourceFile src, TextRange r) {
        String t = src.text();
        if (firstOnLine(t, r.start()) && lastOnLine(t, r.end()) && !t.startsWith("/*", skipBlanks(t, r.end()))
                && !t.startsWith("//", skipBlanks(t, r.end()))) {
            int s = lineStart(t, r.start());
            return new TextEdit(src.relPath(), s, nextLineStart(t, r.end()) - s, "");
        }
        return new TextEdit(src.relPath(), r.start(), skipBlanks(t, r.end()) - r.start(), "");
    }

    /**
     * A bare statement that is the body of an if, else or loop, alone on its line, rewritten as a
     * braced block of {@code lines} in the file's brace style (the brace after the condition, or on
     * a line of its own); null for any other layout (the caller then braces it on one line).
     */
    static TextEdit bracedBody(SourceFile src, int start, int end, java.util.List<String> lines) {
        String t = src.text();
        if (!firstOnLine(t, start) || !lastOnLine(t, end)) return null;
        int p = lineStart(t, start);
        while (p > 0 && (t.charAt(p - 1) == ' ' || t.charAt(p - 1) == '\t' || t.charAt(p - 1) == '\n' || t.charAt(p - 1) == '\r')) p--;
        boolean head = p > 0 && (t.charAt(p - 1) == ')' || (p >= 4 && t.startsWith("else", p - 4)) || (p >= 2 && t.startsWith("do", p - 2)));
        if (!head || p == lineStart(t, start)) return null;
        return braced(src, p, end, indentAt(t, p - 1), indentAt(t, start), lines);
    }

    /** Replaces {@code [from, end)} with {@code lines} in braces, opened in the file's brace style. */
    static TextEdit braced(SourceFile src, int from, int end, String outer, String inner, java.util.List<String> lines) {
        StringBuilder sb = new StringBuilder(bracesOnOwnLine(src) ? "\n" + outer + "{\n" : " {\n");
        for (String l : lines) sb.append(inner).append(l).append('\n');
        sb.append(outer).append('}');
        return new TextEdit(src.relPath(), from, end - from, sb.toString());
    }

    /** {@link #bracesOnOwnLine(String)} of the file, worked out once per file. */
    static boolean bracesOnOwnLine(SourceFile src) { return src.derived(OWN_LINE_BRACES, SourceText::bracesOnOwnLine); }

    /**
     * True when the file's blocks mostly open on a line of their own after a condition (function bodies, at column 0, do not count):
     * counts ")\n    {\n" against ") {\n", blanks allowed around. One pass from each ')' (two patterns over the text were 1% of a scan).
     */
    static boolean bracesOnOwnLine(String t) {
        int own = 0, same = 0, n = t.length();
        for (int i = t.indexOf(')'); i >= 0; i = t.indexOf(')', i + 1)) {
            int j = skipBlanks(t, i + 1);
            if (j < n && t.charAt(j) == '{') {
                if (lineEndAt(t, skipBlanks(t, j + 1))) same++;
            } else if (lineEndAt(t, j)) {
                int k = t.charAt(j) == '\r' ? j + 2 : j + 1, b = skipBlanks(t, k);
                if (b > k && b < n && t.charAt(b) == '{' && lineEndAt(t, skipBlanks(t, b + 1))) own++;
            }
        }
        return own > same;
    }

    /** A line break ("\n" or "\r\n") starts at {@code i}. */
    private static boolean lineEndAt(String t, int i) {
        return i < t.length() && (t.charAt(i) == '\n' || t.charAt(i) == '\r' && i + 1 < t.length() && t.charAt(i + 1) == '\n');
    }

    /** The first offset from {@code i} that is not a space or a tab ({@link Directives#blanks} up to the text's end). */
    static int skipBlanks(String t, int i) {
        return Directives.blanks(t, i, t.length());
    }
}
