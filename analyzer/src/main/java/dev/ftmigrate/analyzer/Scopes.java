package dev.ftmigrate.analyzer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The scope of each function, built once per run (facts, link and rules all ask). Thread-safe. */
public final class Scopes {
    private final Map<CFunction, FunctionScope> scopes = new ConcurrentHashMap<>();

    public FunctionScope of(CFunction f) { return scopes.computeIfAbsent(f, FunctionScope::new); }

    /** Forgets a file's scopes (their trees) once its analysis is done. */
    public void release(FileModel m) {
        for (CFunction f : ExtensionModel.allFunctions(m)) scopes.remove(f);
    }
}
