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

    /** The first free name of {@code base}, {@code base_tag}, {@code base_2}, ... in the function. */
    static String fresh(FixContext fx, CFunction fn, String base, String tag) {
        Map<CFunction, Set<String>> given = fx.memo(Names.class, HashMap::new);
        Set<String> taken = given.computeIfAbsent(fn, k -> new HashSet<>());
        String text = fx.model().source().text().substring(fn.range().start(), fn.range().end());
        String pick = free(text, taken, base) ? base : null;
        if (pick == null && tag != null && !tag.isEmpty() && free(text, taken, base + "_" + tag)) pick = base + "_" + tag;
        for (int i = 2; pick == null; i++) if (free(text, taken, base + "_" + i)) pick = base + "_" + i;
        taken.add(pick);
        return pick;
    }

    private static boolean free(String fnText, Set<String> taken, String name) {
        return !taken.contains(name) && !Pattern.compile("(?<![A-Za-z0-9_])" + Pattern.quote(name) + "(?![A-Za-z0-9_])").matcher(fnText).find();
    }
}
