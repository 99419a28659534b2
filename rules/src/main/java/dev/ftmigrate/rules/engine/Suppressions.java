package dev.ftmigrate.rules.engine;

import dev.ftmigrate.analyzer.SourceFile;
import dev.ftmigrate.rules.Finding;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ftmigrate: ignore[FT301, FT4] reason} in a comment on the finding's line or the line
 * before silences those rules (ids or id prefixes) there.
 */
public final class Suppressions {
    private static final Pattern IGNORE = Pattern.compile("ftmigrate:\\s*ignore\\[([A-Za-z0-9,\\s]+)\\]");

    private Suppressions() {}

    public static boolean suppressed(SourceFile src, Finding f) {
        return suppressed(src, f.location().startLine(), f.ruleId());
    }

    /** True when rule {@code id} is silenced at {@code line} (by a comment there or on the line before). */
    public static boolean suppressed(SourceFile src, int line, String id) {
        return matches(src, line, id) || (line > 1 && matches(src, line - 1, id));
    }

    private static boolean matches(SourceFile src, int line, String id) {
        Matcher m = IGNORE.matcher(src.lineText(line));
        while (m.find()) {
            for (String s : m.group(1).split(",")) {
                String p = s.strip().toUpperCase();
                if (!p.isEmpty() && id.startsWith(p)) return true;
            }
        }
        return false;
    }
}
