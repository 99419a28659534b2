package dev.ftmigrate.analyzer;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How to preprocess: the default mode uses the CPython macro table with no Python headers; the
 * precise mode (include paths given) parses the real headers, 7–10 times slower.
 *
 * @param includePaths   -I directories; non-empty switches to the precise mode
 * @param defines        -D NAME=VALUE, applied last
 * @param forceIncludes  headers included before the source (pyconfig.h by default)
 * @param gccBuiltins    add gcc's predefined macros (gcc -dM -E)
 * @param freeThreaded   parse as the free-threaded build (Py_GIL_DISABLED), where the hazards live
 */
public record ParseOptions(List<Path> includePaths, Map<String, String> defines, List<Path> forceIncludes,
                           boolean gccBuiltins, boolean freeThreaded) {
    public ParseOptions {
        includePaths = List.copyOf(includePaths);
        defines = new LinkedHashMap<>(defines);
        forceIncludes = List.copyOf(forceIncludes);
    }

    public static ParseOptions defaults() {
        return new ParseOptions(List.of(), Map.of(), HostToolchain.pyconfig().map(List::of).orElse(List.of()), true, true);
    }

    /** Without anything from the host: deterministic across machines (tests, fixtures). */
    public static ParseOptions hermetic() {
        return new ParseOptions(List.of(), Map.of(), List.of(), false, true);
    }

    public boolean precise() { return !includePaths.isEmpty(); }
}
