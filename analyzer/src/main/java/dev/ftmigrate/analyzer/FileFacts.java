package dev.ftmigrate.analyzer;

import java.util.List;

/**
 * What one file contributes to the whole-extension link (call graph, reachability, lock facts,
 * frozen containers), as plain data: no parse tree. It depends only on the file's text and the
 * parse options, so a scan cache can keep it and a repeat scan can link unchanged files without
 * parsing them again. Offsets are char offsets into the file's text.
 *
 * @param functions  functions defined in the file, then those of local headers it includes (in model order)
 * @param entries    entry points registered in the file's tables and its PyInit_* functions, by function name
 * @param references names of functions whose address is taken outside the tables (callbacks), unresolved
 * @param calls      every direct call made by the file's functions
 * @param uses       per function, how it uses containers (keys as {@link ContainerUses#key})
 * @param globals    file-scope variables defined here with external linkage (others may write them through `extern`)
 * @param externs    names the file's functions use that no definition in the file declares (candidates for
 *                   another file's globals), sorted
 */
public record FileFacts(String relPath, List<Fn> functions, List<Entry> entries, List<Ref> references,
                        List<Call> calls, List<Uses> uses, List<Global> globals, List<String> externs) {
    public FileFacts {
        functions = copy(functions);
        entries = copy(entries);
        references = copy(references);
        calls = copy(calls);
        uses = copy(uses);
        globals = copy(globals);
        externs = copy(externs);
    }

    /**
     * A list component as stored: a cache may leave an empty list out and read it back as null, so
     * null and empty are one value here (and in {@link FieldFacts}).
     */
    static <T> List<T> copy(List<T> l) { return l == null ? List.of() : List.copyOf(l); }

    /** As {@link #copy}, for lists that may hold nulls (kept as they are). */
    static <T> List<T> orEmpty(List<T> l) { return l == null ? List.of() : l; }

    public FileFacts(String relPath, List<Fn> functions, List<Entry> entries, List<Ref> references,
                     List<Call> calls, List<Uses> uses) {
        this(relPath, functions, entries, references, calls, uses, List.of(), List.of());
    }

    /**
     * A global variable's definition.
     *
     * @param shared it can hold shared mutable state (see {@link StaticAccesses#candidate})
     * @param start  its name's char offsets
     */
    public record Global(String name, String typeText, boolean shared, boolean pointer, boolean array, int start, int end) {}

    /**
     * @param included defined in an included local header (its offsets are the header's)
     * @param start    where its definition starts and ends, as char offsets
     * @param origin   for a function of an {@code #include}d {@code .c} file (a unity build): that file's
     *                 path relative to the scan root, else null
     */
    public record Fn(String name, boolean isStatic, boolean included, List<String> params, int start, int end, String origin) {
        public Fn { params = orEmpty(params); }
    }

    public record Entry(String function, EntryPoint.Kind kind, String how, String slot, int start, int end) {}

    public record Ref(String name, int start, int end) {}

    /**
     * @param caller    index into {@link #functions()}
     * @param held      made inside a lock region of the caller
     * @param argParams per argument, the index of the caller's parameter passed as it unchanged, else -1
     */
    public record Call(int caller, String callee, int start, int end, boolean held, List<Integer> argParams) {
        public Call { argParams = orEmpty(argParams); }
    }

    /** @param assigned holders replaced by assignment; @param mutated containers changed by API; @param escaped handed out */
    public record Uses(int function, List<String> assigned, List<String> mutated, List<String> escaped) {
        public Uses {
            assigned = orEmpty(assigned);
            mutated = orEmpty(mutated);
            escaped = orEmpty(escaped);
        }
    }
}
