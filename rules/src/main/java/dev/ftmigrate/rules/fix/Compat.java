package dev.ftmigrate.rules.fix;

import dev.ftmigrate.analyzer.Directives;
import dev.ftmigrate.analyzer.ExtensionModel;
import dev.ftmigrate.analyzer.FileModel;
import dev.ftmigrate.analyzer.SourceFile;
import dev.ftmigrate.rules.TextEdit;
import dev.ftmigrate.rules.engine.FixContext;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where a fix gets an API newer than the oldest supported CPython (3.9): from ONE header per
 * extension ({@value CompatHeader#HEADER}, beside the sources, include-guarded; its text is
 * {@link CompatHeader}'s), which each fixed file includes once, or from the project's own vendored
 * {@code pythoncapi_compat.h} when it has the API. Pasting blocks into every file broke builds
 * where a header and the files including it both got one.
 */
public final class Compat {

    private Compat() {}

    /**
     * The edits that make {@code name} (an API or macro {@link CompatHeader} has a fallback for)
     * available in the fixed file: none when it already is (the file's own definition, the
     * project's vendored pythoncapi_compat.h, or our header, seen through the file's includes);
     * else an include of the project's pythoncapi_compat.h when it has the API, or of our one
     * header per extension (created with every fallback, or completed). Absent when the file has no
     * include to put ours after (the fix should then decline).
     */
    public static Optional<List<TextEdit>> provide(FixContext fx, String name) {
        if (!CompatHeader.has(name)) throw new IllegalArgumentException("no compat fallback for " + name);
        FileModel model = fx.model();
        SourceFile src = model.source();
        Files files = fx.memo(Files.class, () -> new Files(fx.extension()));
        // The project's compat header is its own fallback code: never patched to need another.
        if (isVendored(src.relPath()) || src.relPath().equals(files.header())) return Optional.empty();
        Set<String> seen = files.closure(src.relPath());
        for (String rel : seen) if (files.defines(rel, name)) return Optional.of(List.of());
        String vendored = files.vendored(name);
        String target = vendored != null ? vendored : files.header();
        List<TextEdit> edits = new ArrayList<>();
        if (vendored == null) {
            String have = files.text(target);
            if (have == null) {
                edits.add(TextEdit.insert(target, 0, files.headerText()));
            } else if (!have.contains(CompatHeader.marker(name))) {
                int end = have.lastIndexOf("#endif");
                if (end < 0) return Optional.empty();
                edits.add(TextEdit.insert(target, end, CompatHeader.block(name).substring(1) + "\n"));
            }
        }
        if (!seen.contains(target)) {
            // A fragment compiled inside another file (no Python.h of its own) gets it from there.
            if (seen.stream().noneMatch(files::includesPythonH)) return Optional.empty();
            int at = insertionPoint(fx);
            if (at < 0) return Optional.empty();
            edits.add(TextEdit.insert(src.relPath(), at, "#include \"" + relative(src.relPath(), target) + "\"\n"));
        }
        return Optional.of(edits);
    }

    private static boolean isVendored(String rel) {
        return Path.of(rel).getFileName().toString().equals("pythoncapi_compat.h");
    }

    /** {@code target} as a quoted include written in {@code from} (both '/'-separated, relative to one root). */
    static String relative(String from, String target) {
        Path dir = Path.of(from).getParent();
        Path t = Path.of(target);
        return (dir == null ? t : dir.relativize(t)).toString().replace('\\', '/');
    }

    /** The extension's files as the compat planning needs them: texts, quote includes, the header's place. */
    private static final Object DEFINES = new Object();

    /** Every name the file #defines, worked out once per file (a regex per name and file planned was a scan's hot spot). */
    private static Set<String> definedNames(SourceFile src) {
        return src.derived(DEFINES, t -> {
            Set<String> out = new HashSet<>();
            for (Directives.Line l : Directives.of(src).lines()) {
                String n = Directives.defined(t, l);
                if (n != null) out.add(n);
            }
            return out;
        });
    }

    private static final Object FALLBACKS = new Object();

    /** The file holds a fallback block an earlier ftmigrate wrote (most hold none): asked once per file, not per name. */
    private static boolean earlierFallbacks(SourceFile src) {
        return src.derived(FALLBACKS, t -> t.contains("ftm_compat_") || t.contains("ftmigrate compat: "));
    }

    private static final class Files {
        /** By relative path, in path order (the header's place is chosen in that order). */
        private final Map<String, SourceFile> sources = new TreeMap<>();
        private final Map<String, Set<String>> closures = new HashMap<>();
        /** Where header() and vendoredHeader() point, found once: they were asked per name and per file seen. */
        private String header, vendoredHeader;
        private boolean vendoredKnown;

        Files(ExtensionModel ext) {
            for (SourceFile s : ext.sources().values()) sources.put(s.relPath(), s);
        }

        String text(String rel) {
            SourceFile s = sources.get(rel);
            return s == null ? null : s.text();
        }

        boolean includesPythonH(String rel) {
            SourceFile src = sources.get(rel);
            return src != null && Directives.of(src).lines().stream().anyMatch(l -> Directives.includesPythonH(src.text(), l));
        }

        private final Map<String, Boolean> defined = new HashMap<>();

        /** The file's own definition of the name, or a fallback block an earlier ftmigrate left in it (once per file and name). */
        boolean defines(String rel, String name) {
            return defined.computeIfAbsent(rel + "\0" + name, k -> definesNow(rel, name));
        }

        private boolean definesNow(String rel, String name) {
            String t = text(rel);
            if (t == null) return false;
            if (rel.equals(header()) || rel.endsWith("/" + CompatHeader.HEADER) || rel.equals(CompatHeader.HEADER)) return t.contains(CompatHeader.marker(name));
            return (earlierFallbacks(sources.get(rel)) && (t.contains("ftm_compat_" + name) || t.contains("ftmigrate compat: " + name)))
                    || definedNames(sources.get(rel)).contains(name)
                    || (rel.endsWith("pythoncapi_compat.h") && t.contains(name + "("));
        }

        /** The project's own pythoncapi_compat.h when it provides {@code name}. */
        String vendored(String name) {
            String v = vendoredHeader();
            return v != null && defines(v, name) ? v : null;
        }

        String vendoredHeader() {
            if (!vendoredKnown) {
                for (String rel : sources.keySet()) {
                    if (isVendored(rel)) { vendoredHeader = rel; break; }
                }
                vendoredKnown = true;
            }
            return vendoredHeader;
        }

        /** Our header's text for this extension (see {@link CompatHeader#header(String, Set)}). */
        String headerText() {
            String v = vendoredHeader();
            if (v == null) return CompatHeader.header();
            Set<String> provided = new LinkedHashSet<>();
            for (String n : CompatHeader.ORDER) if (defines(v, n)) provided.add(n);
            return CompatHeader.header(relative(header(), v), provided);
        }

        /** Ours: an existing one, else beside the sources: in the directory with the most of them. */
        String header() {
            if (header == null) header = findHeader();
            return header;
        }

        private String findHeader() {
            for (String rel : sources.keySet()) if (Path.of(rel).getFileName().toString().equals(CompatHeader.HEADER)) return rel;
            Map<String, Integer> perDir = new TreeMap<>();
            for (String rel : sources.keySet()) {
                Path dir = Path.of(rel).getParent();
                perDir.merge(dir == null ? "" : dir.toString().replace('\\', '/'), 1, Integer::sum);
            }
            String best = "";
            int most = -1;
            for (var e : perDir.entrySet()) {
                if (e.getValue() > most) { best = e.getKey(); most = e.getValue(); }
            }
            return best.isEmpty() ? CompatHeader.HEADER : best + "/" + CompatHeader.HEADER;
        }

        /** The file and every extension file it includes with quotes, transitively. */
        Set<String> closure(String rel) {
            Set<String> done = closures.get(rel);
            if (done != null) return done;
            Set<String> out = new LinkedHashSet<>();
            Deque<String> todo = new ArrayDeque<>(List.of(rel));
            while (!todo.isEmpty()) {
                String f = todo.pop();
                if (!out.add(f)) continue;
                SourceFile src = sources.get(f);
                if (src == null) continue;
                for (Directives.Line l : Directives.of(src).lines()) {
                    String quoted = Directives.quoted(src.text(), l);
                    if (quoted == null) continue;
                    Path dir = Path.of(f).getParent();
                    String inc = (dir == null ? Path.of(quoted) : dir.resolve(quoted)).normalize().toString().replace('\\', '/');
                    if (sources.containsKey(inc)) todo.push(inc);
                    else {
                        // -I of the source root: a name found once in the extension is that file.
                        String base = Path.of(quoted).getFileName().toString();
                        List<String> hits = sources.keySet().stream().filter(k -> k.equals(base) || k.endsWith("/" + quoted)).toList();
                        if (hits.size() == 1) todo.push(hits.get(0));
                    }
                }
            }
            closures.put(rel, out);
            return out;
        }
    }

    /**
     * Start of the line after the last {@code #include <Python.h>}, else after the last include
     * before any function; only includes outside every conditional (inside the include guard) count,
     * so what is inserted there is seen under every configuration.
     */
    /** {@link #insertionPoint(FileModel)} computed once per file of a run (every fix of the file asks). */
    public static int insertionPoint(FixContext fx) {
        record Key() {}
        return fx.memo(new Key(), () -> insertionPoint(fx.model()));
    }

    public static int insertionPoint(FileModel model) {
        String text = model.source().text();
        List<Directives.Line> lines = Directives.of(model.source()).lines();
        int[] depth = conditionalDepth(text, lines);
        int base = depth[depth.length - 1];
        int end = -1;
        for (Directives.Line l : lines) if (Directives.includesPythonH(text, l) && depth[l.start()] == base) end = l.end();
        if (end < 0) {
            int limit = model.functions().isEmpty() ? text.length() : model.functions().get(0).range().start();
            for (Directives.Line l : lines) {
                if (!l.name().equals("include")) continue;
                if (l.end() > limit) break;
                if (depth[l.start()] == base) end = l.end();
            }
        }
        return end < 0 ? -1 : SourceText.nextLineStart(text, end);
    }

    /** An include guard's opening: "#ifndef NAME" and "#define" on the next line (matched in place, not on a copy of the rest of the file). */
    private static final java.util.regex.Pattern GUARD_OPEN = java.util.regex.Pattern.compile("\\s*#\\s*ifndef\\s+\\w+\\s*\\n\\s*#\\s*define\\b");

    /**
     * The #if nesting at each offset; the last element is the depth of the file's body: 1 when an
     * include guard wraps the whole file, else 0.
     */
    static int[] conditionalDepth(String text, List<Directives.Line> lines) {
        int[] d = new int[text.length() + 2];
        int depth = 0, pos = 0, firstIf = -1, lastEndif = -1;
        for (Directives.Line l : lines) {
            boolean open = l.name().equals("if") || l.name().equals("ifdef") || l.name().equals("ifndef");
            if (!open && !l.name().equals("endif")) continue;
            java.util.Arrays.fill(d, pos, l.start(), depth);
            pos = l.start();
            if (!open) {
                depth = Math.max(0, depth - 1);
                lastEndif = l.start();
            } else {
                if (firstIf < 0) firstIf = l.start();
                depth++;
            }
        }
        java.util.Arrays.fill(d, pos, text.length() + 1, depth);
        boolean guarded = firstIf >= 0 && GUARD_OPEN.matcher(text).region(firstIf, text.length()).lookingAt()
                && text.substring(0, firstIf).replaceAll("(?s)/\\*.*?\\*/|//[^\\n]*", "").isBlank()
                && lastEndif >= 0 && text.substring(lastEndif).replaceAll("(?s)/\\*.*?\\*/|//[^\\n]*", "").replaceFirst("#\\s*endif", "").isBlank();
        d[d.length - 1] = guarded ? 1 : 0;
        return d;
    }
}
