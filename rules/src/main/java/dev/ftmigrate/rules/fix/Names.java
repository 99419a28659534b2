package dev.ftmigrate.rules.fix;

import dev.ftmigrate.analyzer.CFunction;
import dev.ftmigrate.rules.engine.FixContext;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Names for what a fix adds to a function (a label, a result variable) as a person would pick
 * them: {@code done}, {@code result}, {@code old}; never one the function already uses or an
 * earlier fix of this run gave out in it; then with the object's tag ({@code done_registry}),
 * then numbered. No line numbers: they change with every edit above.
 */
final class Names {
    private Names() {}

    /**
     * At most {@code max} of the items, then how many more: a description that named all of a group's
     * members is repeated on every finding of the group, which made a report grow with their square
     * (f2c's thousands of statics that share a lock group). Never "and 1 more": that one is named.
     */
    static String listed(java.util.List<String> items, int max) {
        if (items.size() <= max + 1) return String.join(", ", items);
        return String.join(", ", items.subList(0, max)) + " and " + (items.size() - max) + " more";
    }

    /** The first free name of {@code base}, {@code base_tag}, {@code base_2}, ... in the function. */
    static String fresh(FixContext fx, CFunction fn, String base, String tag) {
        Map<CFunction, Set<String>> given = fx.memo(Names.class, HashMap::new);
        Set<String> taken = given.computeIfAbsent(fn, k -> new HashSet<>());
        String pick = pick(fx, fn, taken, base, tag);
        taken.add(pick);
        return pick;
    }

    /** Blocks of each function that fresh locals were declared in, with their names. */
    private record Local(CFunction fn, org.eclipse.cdt.core.dom.ast.IASTNode block, String name) {}

    /**
     * Like {@link #fresh}, for a local declared in {@code block}: the name a sibling block's local
     * got may be given again (as a person reuses {@code err} in two separate if-blocks), not one of
     * an enclosing or enclosed block.
     */
    static String freshLocal(FixContext fx, CFunction fn, org.eclipse.cdt.core.dom.ast.IASTNode block, String base, String tag) {
        Map<CFunction, Set<String>> given = fx.memo(Names.class, HashMap::new);
        java.util.List<Local> locals = fx.memo(Local.class, java.util.ArrayList::new);
        Set<String> taken = new HashSet<>(given.getOrDefault(fn, Set.of()));
        for (Local l : locals) if (l.fn().equals(fn) && (encloses(l.block(), block) || encloses(block, l.block()))) taken.add(l.name());
        String pick = pick(fx, fn, taken, base, tag);
        locals.add(new Local(fn, block, pick));
        return pick;
    }

    private static String pick(FixContext fx, CFunction fn, Set<String> taken, String base, String tag) {
        String text = fx.model().source().text().substring(fn.range().start(), fn.range().end());
        if (free(text, taken, base)) return base;
        if (tag != null && !tag.isEmpty() && free(text, taken, base + "_" + tag)) return base + "_" + tag;
        for (int i = 2; ; i++) if (free(text, taken, base + "_" + i)) return base + "_" + i;
    }

    private static boolean encloses(org.eclipse.cdt.core.dom.ast.IASTNode outer, org.eclipse.cdt.core.dom.ast.IASTNode inner) {
        for (var n = inner; n != null; n = n.getParent()) if (n == outer) return true;
        return false;
    }

    private static boolean free(String fnText, Set<String> taken, String name) {
        return !taken.contains(name) && !Pattern.compile("(?<![A-Za-z0-9_])" + Pattern.quote(name) + "(?![A-Za-z0-9_])").matcher(fnText).find();
    }
}
