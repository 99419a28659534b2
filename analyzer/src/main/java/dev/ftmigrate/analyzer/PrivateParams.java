package dev.ftmigrate.analyzer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parameters of helpers that only ever receive a private object: the keyword-arguments dict of the
 * call that reached them (the interpreter builds a fresh one per call), handed down one or more
 * levels. Decided on the link's call facts (which caller parameter each argument passes on), once
 * per (function, parameter), so it needs no parse tree and is the same with or without a cache.
 */
final class PrivateParams {
    static final Set<String> KWARGS_NAMES = Set.of("kwargs", "kwds", "kw", "keywords", "kwdict", "kwnames_dict");

    /** What the decision reads of the link. */
    interface Graph {
        boolean isEntry(int fn);

        List<String> params(int fn);

        /** The calls to {@code fn}: caller and, per argument, the caller parameter passed on (-1 when none). */
        List<int[]> callers(int fn, int argIndex);
    }

    private final Graph graph;
    private final Map<Long, Boolean> memo = new HashMap<>();

    PrivateParams(Graph graph) { this.graph = graph; }

    synchronized boolean isPrivate(int f, int i) {
        return isPrivate(f, i, 0);
    }

    private boolean isPrivate(int f, int i, int depth) {
        long key = ((long) f << 16) | i;
        Boolean done = memo.get(key);
        if (done != null) return done;
        if (depth > 4 || graph.isEntry(f)) return false;   // an entry's arguments come from Python callers
        memo.put(key, false);                              // a cycle proves nothing
        List<int[]> callers = graph.callers(f, i);
        boolean all = !callers.isEmpty();
        for (int[] c : callers) {
            if (!kwargsOf(c[0], c[1], depth)) { all = false; break; }
        }
        memo.put(key, all);
        return all;
    }

    /** @param j the caller's parameter passed on, or -1 */
    private boolean kwargsOf(int caller, int j, int depth) {
        if (j < 0) return false;
        List<String> params = graph.params(caller);
        if (j == 2 && j < params.size() && KWARGS_NAMES.contains(params.get(j)) && graph.isEntry(caller)) return true;
        return isPrivate(caller, j, depth + 1);
    }
}
