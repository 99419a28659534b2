package dev.ftmigrate.rules.fix;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The preprocessor branches of a file: for any offset, the chain of {@code #if}/{@code #elif}/
 * {@code #else} branches it sits in. A declaration a patch adds must be seen by every use: where
 * the variable it goes with is declared in a branch the uses are not all in, it goes after the
 * {@code #endif} of that branch's group instead. Computed once per file.
 */
final class Conditionals {
    private static final Pattern DIRECTIVE = Pattern.compile("(?m)^[ \\t]*#[ \\t]*(if|ifdef|ifndef|elif|else|endif)\\b");

    /** A branch: where it starts, and where the line after its group's #endif starts. */
    private record Branch(int start, int[] groupEnd) {}

    /** Branch chains keyed by the offset where they start to hold. */
    private final TreeMap<Integer, List<Branch>> chains = new TreeMap<>();

    Conditionals(String text) {
        Deque<Branch> stack = new ArrayDeque<>();
        chains.put(0, List.of());
        Matcher m = DIRECTIVE.matcher(text);
        while (m.find()) {
            String d = m.group(1);
            int next = SourceText.nextLineStart(text, m.start());
            if (d.startsWith("if")) {
                stack.push(new Branch(m.start(), new int[]{-1}));
            } else if (d.equals("elif") || d.equals("else")) {
                if (stack.isEmpty()) continue;
                Branch b = stack.pop();
                stack.push(new Branch(m.start(), b.groupEnd()));
            } else {
                if (stack.isEmpty()) continue;
                stack.pop().groupEnd()[0] = next;
            }
            List<Branch> chain = new ArrayList<>(stack);
            java.util.Collections.reverse(chain);
            chains.put(next, chain);
        }
    }

    private List<Branch> at(int offset) { return chains.floorEntry(offset).getValue(); }

    /**
     * Where a line declaring something for the declaration at {@code decl} goes so that every
     * offset of {@code uses} sees it: {@code afterDecl} when they all share the declaration's
     * branches, else the start of the line after the #endif of the outermost branch they do not share.
     */
    int placement(int decl, int afterDecl, List<Integer> uses) {
        List<Branch> d = at(decl);
        int common = d.size();
        for (int u : uses) {
            List<Branch> c = at(u);
            int k = 0;
            while (k < Math.min(common, c.size()) && c.get(k).start() == d.get(k).start()) k++;
            common = k;
        }
        if (common == d.size()) return afterDecl;
        int end = d.get(common).groupEnd()[0];
        return end < 0 ? afterDecl : end;
    }
}
