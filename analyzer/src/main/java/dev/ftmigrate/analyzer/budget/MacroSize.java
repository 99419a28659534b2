package dev.ftmigrate.analyzer.budget;

import dev.ftmigrate.analyzer.Directives;

import static dev.ftmigrate.analyzer.CodeText.word;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An upper estimate of how many tokens a file's own macros expand to, read from its #define lines before
 * parsing. CDT expands a macro in one step with no way to interrupt it, so a 1 KB chain of macros that
 * each use the previous one twice would take gigabytes before any token limit could be checked.
 */
public final class MacroSize {
    private static final Pattern DEFINE = Pattern.compile("(?m)^[ \\t]*#[ \\t]*define[ \\t]+([A-Za-z_]\\w*)(\\([^)\\n]*\\))?((?:[^\\n\\\\]|\\\\(?:\\r?\\n|.))*)");
    private static final Pattern IDENT = Pattern.compile("[A-Za-z_]\\w*");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z_]\\w*|\\d[\\w.]*|\\S");

    private final Map<String, List<String>> bodies = new HashMap<>();
    /** For a function-like macro, how many times its most used parameter appears in its body. */
    private final Map<String, Integer> fanOut = new HashMap<>();
    private final Map<String, Long> memo = new HashMap<>();

    private MacroSize(String text, List<Directives.Line> directives) {
        Matcher m = DEFINE.matcher(text);
        int after = 0;   // a "#define" line inside a continued body is not a directive of its own
        // The regex only where the file's directive lines (one pass) say "define": tried at every line start it was 3% of a cold scan.
        for (Directives.Line line : directives) {
            if (!line.name().equals("define") || line.start() < after) continue;
            m.region(line.start(), text.length());
            if (!m.lookingAt()) continue;
            after = m.end();
            List<String> body = new ArrayList<>();
            Matcher t = TOKEN.matcher(m.group(3).replace("\\\n", " "));
            while (t.find()) body.add(t.group());
            Set<String> params = new HashSet<>();
            if (m.group(2) != null) {
                Matcher p = IDENT.matcher(m.group(2));
                while (p.find()) params.add(p.group());
            }
            int most = 0;
            for (String p : params) most = Math.max(most, java.util.Collections.frequency(body, p));
            if (m.group(2) != null) fanOut.put(m.group(1), most);
            body.replaceAll(s -> params.contains(s) ? "1" : s); // an argument counts as one token here
            bodies.put(m.group(1), body);
        }
    }

    /** The first macro whose expansion exceeds {@code limit} tokens and that the text uses, or null. */
    public static String firstTooLarge(String text, long limit) {
        return firstTooLarge(text, Directives.scan(text).lines(), limit);
    }

    /** As {@link #firstTooLarge(String, long)}, with the text's directive lines at hand. */
    public static String firstTooLarge(String text, List<Directives.Line> directives, long limit) {
        if (text.indexOf("define") < 0) return null;
        MacroSize s = new MacroSize(text, directives);
        Map<String, Integer> depths = null;
        for (String name : s.bodies.keySet().stream().sorted().toList()) {
            if (s.size(name, new HashSet<>(), limit) > limit && used(text, name)) return name;
            // F(F(F(...))) with F using its argument k times expands to k^depth tokens.
            int k = s.fanOut.getOrDefault(name, 0);
            if (k < 2) continue;
            if (depths == null) depths = nestedDepths(text);
            if (Math.pow(k, depths.getOrDefault(name, 0)) > limit) return name + " (nested invocations)";
        }
        return null;
    }

    /** Tokens {@code name} expands to, saturating just above {@code limit}. */
    private long size(String name, Set<String> active, long limit) {
        Long known = memo.get(name);
        if (known != null) return known;
        List<String> body = bodies.get(name);
        if (body == null || !active.add(name)) return 1; // not a macro, or a self-reference (not re-expanded)
        long total = 0;
        for (String tok : body) {
            total += bodies.containsKey(tok) ? size(tok, active, limit) : 1;
            if (total > limit) { total = limit + 1; break; }
        }
        active.remove(name);
        memo.put(name, total);
        return total;
    }

    /**
     * For each identifier, the longest run of its invocations nested directly in one another's first
     * argument ({@code F ( F ( F (}); runs shorter than two are left out. One pass over the text: a
     * regex per macro made this step quadratic on files with many function-like macros.
     */
    static Map<String, Integer> nestedDepths(String text) {
        // [start, end) of each identifier, two ints each in one array: a file has a million of them.
        int[] ids = new int[64];
        int count = 0;
        int n = text.length();
        for (int i = 0; i < n; ) {
            char c = text.charAt(i);
            if (word(c)) {
                int j = i + 1;
                while (j < n && word(text.charAt(j))) j++;
                if (c < '0' || c > '9') {
                    if (2 * count + 2 > ids.length) ids = java.util.Arrays.copyOf(ids, ids.length * 2);
                    ids[2 * count] = i;
                    ids[2 * count + 1] = j;
                    count++;
                }
                i = j;
            } else i++;
        }
        Map<String, Integer> best = new HashMap<>();
        int[] depth = new int[count];
        for (int x = count - 1; x >= 0; x--) {
            int start = ids[2 * x], end = ids[2 * x + 1];
            depth[x] = 1;
            int p = skipSpace(text, end);
            if (p >= n || text.charAt(p) != '(' || x + 1 == count) continue;
            int nextStart = ids[2 * x + 2], nextEnd = ids[2 * x + 3];
            if (nextStart == skipSpace(text, p + 1) && text.regionMatches(start, text, nextStart, end - start)
                    && nextEnd - nextStart == end - start) {
                depth[x] = depth[x + 1] + 1;
                best.merge(text.substring(start, end), depth[x], Math::max);
            }
        }
        return best;
    }

    private static int skipSpace(String text, int i) {
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) i++;
        return i;
    }

    /** Used outside its own definition: named more than once in the text. */
    private static boolean used(String text, String name) {
        Matcher m = Pattern.compile("\\b" + Pattern.quote(name) + "\\b").matcher(text);
        int n = 0;
        while (m.find()) if (++n > 1) return true;
        return false;
    }
}
