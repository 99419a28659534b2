package dev.ftmigrate.analyzer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The CPython macro table of the default mode (resource cpython-macros.h), as CDT defined symbols. */
public final class MacroTable {
    private static final Map<String, String> CPYTHON = load();

    private MacroTable() {}

    public static Map<String, String> cpython() { return CPYTHON; }

    private static Map<String, String> load() {
        try (InputStream in = MacroTable.class.getResourceAsStream("cpython-macros.h")) {
            return Collections.unmodifiableMap(parseDefines(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses {@code #define NAME body} and {@code #define NAME(a, b) body} lines into CDT's form:
     * the key carries the parameter list, the value is the body.
     */
    static Map<String, String> parseDefines(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (!l.startsWith("#define ")) continue;
            String rest = l.substring(8).strip();
            int i = 0;
            while (i < rest.length() && (Character.isJavaIdentifierPart(rest.charAt(i)))) i++;
            if (i < rest.length() && rest.charAt(i) == '(') {
                int close = rest.indexOf(')', i);
                if (close < 0) continue;
                out.put(rest.substring(0, close + 1), rest.substring(close + 1).strip());
            } else {
                out.put(rest.substring(0, i), rest.substring(i).strip());
            }
        }
        return out;
    }
}
