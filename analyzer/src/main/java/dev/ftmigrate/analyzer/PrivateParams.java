package dev.ftmigrate.analyzer;

import org.eclipse.cdt.core.dom.ast.IASTInitializerClause;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Parameters of helpers that only ever receive a private object: the keyword-arguments dict of the
 * call that reached them (the interpreter builds a fresh one per call), handed down one or more
 * levels. Decided from the call sites, once per (function, parameter).
 */
final class PrivateParams {
    static final Set<String> KWARGS_NAMES = Set.of("kwargs", "kwds", "kw", "keywords", "kwdict", "kwnames_dict");

    private final ExtensionModel ext;
    private final Map<String, Boolean> memo = new HashMap<>();

    PrivateParams(ExtensionModel ext) { this.ext = ext; }

    synchronized boolean isPrivate(CFunction f, int i) {
        return isPrivate(f, i, 0);
    }

    private boolean isPrivate(CFunction f, int i, int depth) {
        String key = f.relPath() + "#" + f.name() + "#" + i;
        Boolean done = memo.get(key);
        if (done != null) return done;
        if (depth > 4 || !ext.entriesOf(f).isEmpty()) return false;   // an entry's arguments come from Python callers
        memo.put(key, false);                                             // a cycle proves nothing
        boolean all = !ext.callsTo(f).isEmpty();
        for (CallSite c : ext.callsTo(f)) {
            IASTInitializerClause[] args = c.node().getArguments();
            if (i >= args.length || !kwargsOf(c.caller(), Ast.identifier(args[i]), depth)) { all = false; break; }
        }
        memo.put(key, all);
        return all;
    }

    private boolean kwargsOf(CFunction caller, String name, int depth) {
        if (name == null || !ext.scope(caller).isParam(name)) return false;
        int j = caller.params().indexOf(name);
        if (j == 2 && KWARGS_NAMES.contains(name) && !ext.entriesOf(caller).isEmpty()) return true;
        return isPrivate(caller, j, depth + 1);
    }
}
