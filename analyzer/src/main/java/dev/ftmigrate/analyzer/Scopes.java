package dev.ftmigrate.analyzer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The scope of each function, built once per run (facts, link and rules all ask). Thread-safe. */
public final class Scopes {
    private final Map<CFunction, FunctionScope> scopes = new ConcurrentHashMap<>();
    private volatile java.util.function.BiPredicate<CFunction, Integer> privateParam = (f, i) -> false;

    /** Parameters decided private by the link (asked lazily, so scopes made before the link see it too). */
    public void privateParams(java.util.function.BiPredicate<CFunction, Integer> p) { this.privateParam = p; }

    public FunctionScope of(CFunction f) {
        return scopes.computeIfAbsent(f, k -> new FunctionScope(k, i -> privateParam.test(k, i)));
    }

    /** Forgets a file's scopes (their trees) once its analysis is done. */
    public void release(FileModel m) {
        for (CFunction f : ExtensionModel.allFunctions(m)) scopes.remove(f);
    }
}
