package dev.ftmigrate.analyzer;

import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;
import org.eclipse.cdt.core.dom.ast.IASTIdExpression;
import org.eclipse.cdt.core.dom.ast.IBinding;
import org.eclipse.cdt.core.dom.ast.IProblemBinding;
import org.eclipse.cdt.core.dom.ast.IVariable;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Globals shared between files through {@code extern}: what a file defines with external linkage,
 * what it uses without defining, and, once linked, the definition a use in another file denotes.
 * A write in file B to a global defined in file A is as shared as a write in A itself.
 */
public final class ExternGlobals {
    private ExternGlobals() {}

    /** The file's own global definitions (not static, not extern). */
    static List<FileFacts.Global> defined(FileModel m) {
        List<FileFacts.Global> out = new ArrayList<>();
        for (CVariable v : m.variables()) {
            if (!v.fileScope() || v.isStatic() || v.extern() || v.nameRange() == null) continue;
            out.add(new FileFacts.Global(v.name(), v.typeText(), StaticAccesses.candidate(v), v.pointer(), v.array(),
                    v.nameRange().start(), v.nameRange().end()));
        }
        return out;
    }

    /** Names the file's functions use as variables that the file itself only declares extern, or not at all. */
    static List<String> used(FileModel m, List<CFunction> functions, Function<CFunction, FunctionScope> scopes) {
        TreeSet<String> out = new TreeSet<>();
        for (CFunction f : functions) {
            if (m.included(f) || f.node() == null || f.node().getBody() == null) continue;
            FunctionScope scope = scopes.apply(f);
            for (IASTIdExpression id : scope.ids()) {
                if (id.getParent() instanceof IASTFunctionCallExpression c && c.getFunctionNameExpression() == id) continue;
                String name = id.getName().toString();
                // The binding lookup (CDT's) last: most names are the file's own, or already counted.
                if (!scope.isLocal(name) && !scope.isParam(name) && !out.contains(name) && !definedHere(m, f, name)
                        && variableLike(id)) out.add(name);
            }
        }
        return new ArrayList<>(out);
    }

    static boolean variableLike(IASTIdExpression id) {
        IBinding b = id.getName().resolveBinding();
        return b == null || b instanceof IProblemBinding || b instanceof IVariable;
    }

    private static boolean definedHere(FileModel m, CFunction f, String name) {
        return m.variableIn(f, name).filter(v -> !v.extern()).isPresent();
    }

    /**
     * The definition in another file that {@code name}, used in {@code relPath}, denotes: the one
     * global of that name defined elsewhere in the extension, or null (none, or several: ambiguous).
     */
    static CVariable resolve(Map<String, List<Def>> globals, String relPath, String name) {
        List<Def> defs = globals.get(name);
        if (defs == null || defs.size() != 1 || defs.get(0).relPath().equals(relPath)) return null;
        Def d = defs.get(0);
        FileFacts.Global g = d.global();
        return new CVariable(g.name(), g.typeText(), false, !g.shared(), true, g.array(), g.pointer(), null,
                new TextRange(g.start(), g.end()), null, d.relPath());
    }

    /** A global definition and its file. */
    record Def(String relPath, FileFacts.Global global) {}
}
