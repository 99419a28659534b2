package dev.ftmigrate.analyzer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Lookups over one file's model by name and by offset, built once, so that asking about every
 * access, call or finding costs a hash or tree lookup instead of a scan of the whole file
 * (a generated file with thousands of statics made those scans quadratic).
 */
public final class FileIndex {
    private final Map<String, List<CVariable>> variables = new HashMap<>();
    /** By name: each function's first static local of that name, and the first file-scope variable of it. */
    private final Map<String, Map<String, CVariable>> locals = new HashMap<>();
    private final Map<String, CVariable> fileScope = new HashMap<>();
    private final Map<String, CFunction> functions = new HashMap<>();
    private final TreeMap<Integer, CFunction> byStart = new TreeMap<>();
    private final String code;
    private volatile Set<String> words;
    private volatile ParamWrites paramWrites;
    private volatile Set<CFunction> included;

    FileIndex(List<CFunction> fns, List<CVariable> vars, String code) {
        for (CVariable v : vars) {
            variables.computeIfAbsent(v.name(), k -> new ArrayList<>(1)).add(v);
            if (v.function() != null) locals.computeIfAbsent(v.name(), k -> new HashMap<>(2)).putIfAbsent(v.function(), v);
            if (v.fileScope()) fileScope.putIfAbsent(v.name(), v);
        }
        for (CFunction f : fns) {
            functions.putIfAbsent(f.name(), f);
            if (f.range() != null) byStart.putIfAbsent(f.range().start(), f);
        }
        this.code = code;
    }

    /** The variables named {@code name}, in declaration order. */
    List<CVariable> variables(String name) { return variables.getOrDefault(name, List.of()); }

    /**
     * The variable {@code name} denotes inside function {@code fn} (null: outside any): the function's own static
     * local, else the first file-scope one. A lookup, not a scan of every variable of that name: a generated file
     * declares the same static local in thousands of functions.
     */
    Optional<CVariable> visible(String fn, String name) {
        Map<String, CVariable> own = fn == null ? null : locals.get(name);
        CVariable v = own == null ? null : own.get(fn);
        return Optional.ofNullable(v != null ? v : fileScope.get(name));
    }

    Optional<CFunction> function(String name) { return Optional.ofNullable(functions.get(name)); }

    /** Function definitions do not overlap: the one starting last at or before the offset is the only candidate. */
    Optional<CFunction> functionAt(int offset) {
        Map.Entry<Integer, CFunction> e = byStart.floorEntry(offset);
        return e != null && offset < e.getValue().range().end() ? Optional.of(e.getValue()) : Optional.empty();
    }

    /** The pointer-parameter effects of the file's functions, computed on first use. */
    ParamWrites paramWrites(java.util.function.Supplier<List<CFunction>> fns) {
        ParamWrites p = paramWrites;
        if (p == null) paramWrites = p = ParamWrites.of(fns.get());
        return p;
    }

    /** True when {@code f} is one of {@code fns} (the file's included functions), asked of a set made on first use. */
    boolean included(List<CFunction> fns, CFunction f) {
        if (fns.isEmpty()) return false;
        Set<CFunction> s = included;
        if (s == null) included = s = new java.util.HashSet<>(fns);
        return s.contains(f);
    }

    /** True when {@code identifier} occurs in the code as a whole word (the words are collected on first use). */
    boolean mentions(String identifier) {
        if (!isWord(identifier)) {
            return java.util.regex.Pattern.compile("\\b" + java.util.regex.Pattern.quote(identifier) + "\\b").matcher(code).find();
        }
        Set<String> w = words;
        if (w == null) words = w = words(code);
        return w.contains(identifier);
    }

    private static Set<String> words(String code) {
        Set<String> out = new HashSet<>();
        int n = code.length(), i = 0;
        while (i < n) {
            if (!wordChar(code.charAt(i))) { i++; continue; }
            int j = i + 1;
            while (j < n && wordChar(code.charAt(j))) j++;
            out.add(code.substring(i, j));
            i = j;
        }
        return out;
    }

    private static boolean isWord(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) if (!wordChar(s.charAt(i))) return false;
        return true;
    }

    /** What java.util.regex's \b treats as a word character on Java 17. */
    private static boolean wordChar(char c) {
        return c == '_' || Character.isLetterOrDigit(c);
    }
}
