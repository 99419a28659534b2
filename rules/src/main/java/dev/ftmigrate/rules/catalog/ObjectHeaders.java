package dev.ftmigrate.rules.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads the object header out of a static object's initializer as written (FT105). Works on the
 * text, not the tree: the point is whether the author wrote the header or a HEAD_INIT macro did,
 * and the tree shows both the same way.
 */
final class ObjectHeaders {
    private static final Pattern MACRO_HEADER = Pattern.compile("^[A-Za-z_]\\w*HEAD_INIT\\b.*", Pattern.DOTALL);
    private static final Pattern EXTRA = Pattern.compile("^_PyObject_EXTRA_INIT\\b\\s*");
    private static final Pattern REFCOUNT = Pattern.compile("^(\\d+[uUlL]*|[A-Za-z_]\\w*|\\{\\s*[^{}]*\\})$");

    private ObjectHeaders() {}

    /**
     * A header spelled out by hand.
     *
     * @param start      where the text to replace by a HEAD_INIT macro starts (with its trailing comma, when it has one)
     * @param type       the type expression as written, or null
     * @param size       the ob_size expression of a variable-size header, or null
     * @param designated the header names ob_refcnt
     * @param elided     the header's members sit in the object's own list (no braces of their own)
     */
    record Header(int start, int end, String type, String size, boolean designated, boolean elided) {}

    /** One top-level element of a brace list: its text (trimmed) and where it is. */
    record Element(String text, int start, int end, int afterComma) {}

    /** The hand-written header of the initializer at [start, end) of {@code code}, or null when a macro wrote it. */
    static Header find(String code, int start, int end, boolean bare, boolean varSize) {
        List<Element> top = elements(code, start, end);
        if (top == null || top.isEmpty()) return null;
        if (bare) return header(top, start, end, false, false);
        Element first = top.get(0);
        String t = first.text();
        if (MACRO_HEADER.matcher(t).matches()) return null;
        if (t.startsWith(".ob_base")) {
            int eq = code.indexOf('=', first.start());
            if (eq < 0 || eq >= first.end()) return null;
            return nested(code, first, eq + 1, varSize);
        }
        if (t.startsWith("{")) return nested(code, first, first.start(), varSize);
        if (t.startsWith(".")) return null;
        return header(top, first.start(), end(top, varSize ? 3 : 2), true, varSize);
    }

    /** A header in braces of its own: {refcnt, type}, or {{refcnt, type}, size} for PyVarObject. */
    private static Header nested(String code, Element outer, int from, boolean varSize) {
        int open = code.indexOf('{', from);
        if (open < 0 || open >= outer.end()) return null;
        List<Element> inner = elements(code, open, outer.end());
        if (inner == null || inner.isEmpty()) return null;
        Element first = inner.get(0);
        if (MACRO_HEADER.matcher(first.text()).matches()) return null;
        if (first.text().startsWith("{") && inner.size() >= 2) {
            List<Element> ob = elements(code, first.start(), first.end());
            if (ob == null || ob.isEmpty() || MACRO_HEADER.matcher(ob.get(0).text()).matches()) return null;
            Header h = header(ob, outer.start(), outer.afterComma(), false, false);
            return h == null ? null : new Header(h.start(), h.end(), h.type(), inner.get(1).text(), h.designated(), false);
        }
        return header(inner, outer.start(), outer.afterComma(), false, varSize);
    }

    /** @param varSize the third element is ob_size (a PyVarObject header written flat) */
    private static Header header(List<Element> els, int start, int end, boolean elided, boolean varSize) {
        String first = EXTRA.matcher(els.get(0).text()).replaceFirst("");
        if (first.startsWith(".")) {
            String type = null;
            boolean refcnt = false;
            for (Element e : els) {
                if (e.text().matches("^\\.ob_refcnt\\s*=.*")) refcnt = true;
                if (e.text().matches("^\\.ob_type\\s*=.*")) type = e.text().replaceFirst("^\\.ob_type\\s*=\\s*", "");
            }
            return refcnt ? new Header(start, end, type, null, true, elided) : null;
        }
        if (els.size() < 2 || !REFCOUNT.matcher(first).matches() || !typeLike(els.get(1).text())) return null;
        String size = varSize && els.size() >= 3 ? els.get(2).text() : null;
        return new Header(start, end, els.get(1).text(), size, false, elided && !varSize);
    }

    /** `&X_Type`, `NULL`, `0`, a cast or an identifier naming a type object. */
    private static boolean typeLike(String t) {
        return t.startsWith("&") || t.equals("NULL") || t.equals("0") || t.startsWith("(") || t.matches("[A-Za-z_]\\w*");
    }

    /** The end of the first {@code n} elements, past the comma that follows them. */
    private static int end(List<Element> els, int n) {
        return els.size() >= n ? els.get(n - 1).afterComma() : els.get(els.size() - 1).end();
    }

    /** The top-level elements of the brace list opening at {@code open}, or null when none opens there. */
    static List<Element> elements(String code, int open, int limit) {
        while (open < limit && Character.isWhitespace(code.charAt(open))) open++;
        if (open >= limit || code.charAt(open) != '{') return null;
        List<Element> out = new ArrayList<>();
        int depth = 0, from = open + 1;
        for (int i = open + 1; i < limit; i++) {
            char c = code.charAt(i);
            if (c == '{' || c == '(' || c == '[') depth++;
            else if ((c == ')' || c == ']') && depth > 0) depth--;
            else if (c == '}' && depth > 0) depth--;
            else if (c == '}' || c == ',' && depth == 0) {
                add(code, from, i, c == ',' ? i + 1 : i, out);
                if (c == '}') return out;
                from = i + 1;
            }
        }
        return null;
    }

    private static void add(String code, int from, int to, int afterComma, List<Element> out) {
        int s = from, e = to;
        while (s < e && Character.isWhitespace(code.charAt(s))) s++;
        while (e > s && Character.isWhitespace(code.charAt(e - 1))) e--;
        if (s < e) out.add(new Element(code.substring(s, e), s, e, afterComma));
    }
}
