package dev.ftmigrate.analyzer;

import org.eclipse.cdt.core.dom.ast.ASTVisitor;
import org.eclipse.cdt.core.dom.ast.IASTCompoundStatement;
import org.eclipse.cdt.core.dom.ast.IASTDeclSpecifier;
import org.eclipse.cdt.core.dom.ast.IASTDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTDeclarationStatement;
import org.eclipse.cdt.core.dom.ast.IASTDeclarator;
import org.eclipse.cdt.core.dom.ast.IASTForStatement;
import org.eclipse.cdt.core.dom.ast.IASTFunctionDeclarator;
import org.eclipse.cdt.core.dom.ast.IASTTranslationUnit;
import org.eclipse.cdt.core.dom.ast.IASTParameterDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTSimpleDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTStatement;
import org.eclipse.cdt.core.dom.ast.IASTExpression;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;
import org.eclipse.cdt.core.dom.ast.IASTIdExpression;
import org.eclipse.cdt.core.dom.ast.IBinding;
import org.eclipse.cdt.core.dom.ast.IFunction;
import org.eclipse.cdt.core.dom.ast.IProblemBinding;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Extracts a file's {@link FileFacts} from its model: one walk per function, nothing quadratic. */
final class FactsBuilder {
    private FactsBuilder() {}

    static FileFacts of(FileModel m, Function<CFunction, FunctionScope> scopes) {
        String rel = m.source().relPath();
        List<CFunction> all = ExtensionModel.allFunctions(m);
        List<FileFacts.Fn> fns = new ArrayList<>();
        for (CFunction f : all) {
            boolean included = m.included(f);
            fns.add(new FileFacts.Fn(f.name(), f.isStatic(), included, f.params(), f.range().start(), f.range().end(),
                    included ? includedSource(m.source(), f) : null));
        }
        List<FileFacts.Call> calls = new ArrayList<>();
        List<FileFacts.Uses> uses = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            FunctionScope scope = scopes.apply(all.get(i));
            boolean locks = scope.calls().stream().anyMatch(c -> Locks.isLock(Ast.calleeName(c)));
            for (IASTFunctionCallExpression call : scope.calls()) {
                String name = Ast.calleeName(call);
                TextRange r = Ast.range(call);
                if (name == null || r == null) continue;
                List<Integer> args = new ArrayList<>();
                for (var a : call.getArguments()) {
                    String id = Ast.identifier(a);
                    args.add(id != null && scope.isParam(id) ? all.get(i).params().indexOf(id) : -1);
                }
                calls.add(new FileFacts.Call(i, name, r.start(), r.end(), locks && Locks.held(scope, r.start()), args));
            }
            FileFacts.Uses u = ContainerUses.of(m, scope, i);
            if (!u.assigned().isEmpty() || !u.mutated().isEmpty() || !u.escaped().isEmpty()) uses.add(u);
        }
        return new FileFacts(rel, fns, EntryPoints.of(m), references(m), calls, uses, ExternGlobals.defined(m),
                ExternGlobals.used(m, all, scopes));
    }

    /**
     * The scan-relative path of the {@code .c} file an included function is defined in, or null (a
     * header, or a file outside the scan root): the link then treats that file as part of this one.
     */
    private static String includedSource(SourceFile src, CFunction f) {
        String file = f.node() == null ? null : f.node().getContainingFilename();
        if (file == null || !file.endsWith(".c")) return null;
        java.nio.file.Path abs = src.path().toAbsolutePath().normalize();
        java.nio.file.Path rel = java.nio.file.Path.of(src.relPath());
        if (!abs.endsWith(rel)) return null;
        java.nio.file.Path root = abs.getRoot().resolve(abs.subpath(0, abs.getNameCount() - rel.getNameCount()));
        java.nio.file.Path inc = java.nio.file.Path.of(file).toAbsolutePath().normalize();
        return inc.startsWith(root) ? root.relativize(inc).toString().replace('\\', '/') : null;
    }

    /** Functions named outside a call and outside the CPython tables: their address is handed to C code. */
    private static List<FileFacts.Ref> references(FileModel m) {
        List<FileFacts.Ref> out = new ArrayList<>();
        if (m.parsed().ast() == null) return out;
        // Table initialisers do not overlap: the one starting last at or before a use is the only one that can hold it.
        java.util.TreeMap<Integer, TextRange> inTables = new java.util.TreeMap<>();
        for (InitTable t : m.tables()) {
            if (t.range() != null) inTables.merge(t.range().start(), t.range(), (a, b) -> a.end() >= b.end() ? a : b);
        }
        // The variables in scope (parameters, then each block's locals as they are declared): such a name is a
        // variable without asking CDT, whose binding lookup of every name was a twelfth of a scan.
        java.util.ArrayDeque<java.util.Set<String>> variables = new java.util.ArrayDeque<>();
        ASTVisitor v = new ASTVisitor() {
            {
                shouldVisitExpressions = true;
                shouldVisitDeclarations = true;
                shouldVisitParameterDeclarations = true;
                shouldVisitStatements = true;
            }

            private boolean scope(IASTStatement s) { return s instanceof IASTCompoundStatement || s instanceof IASTForStatement; }

            @Override
            public int visit(IASTStatement s) {
                if (scope(s)) variables.push(new java.util.HashSet<>());
                return PROCESS_CONTINUE;
            }

            @Override
            public int leave(IASTStatement s) {
                if (scope(s)) variables.pop();
                return PROCESS_CONTINUE;
            }

            @Override
            public int visit(IASTParameterDeclaration p) {
                if (!(p.getDeclarator() instanceof IASTFunctionDeclarator) && !variables.isEmpty()) {
                    variables.peek().add(p.getDeclarator().getName().toString());
                }
                return PROCESS_CONTINUE;
            }

            @Override
            public int visit(IASTDeclaration d) {
                if (d.getParent() instanceof IASTTranslationUnit) {
                    variables.clear();   // a new function (its parameters' scope), table or prototype
                    variables.push(new java.util.HashSet<>());
                } else if (d instanceof IASTSimpleDeclaration sd && d.getParent() instanceof IASTDeclarationStatement
                        && sd.getDeclSpecifier().getStorageClass() != IASTDeclSpecifier.sc_typedef && !variables.isEmpty()) {
                    for (IASTDeclarator dt : sd.getDeclarators()) {
                        if (!(dt instanceof IASTFunctionDeclarator)) variables.peek().add(dt.getName().toString());
                    }
                }
                return PROCESS_CONTINUE;
            }

            private boolean variable(String name) {
                for (java.util.Set<String> frame : variables) if (frame.contains(name)) return true;
                return false;
            }

            @Override
            public int visit(IASTExpression e) {
                if (e instanceof IASTIdExpression id && !(e.getParent() instanceof IASTFunctionCallExpression c && c.getFunctionNameExpression() == e)) {
                    TextRange r = Ast.range(e);
                    if (r == null || variable(id.getName().toString())) return PROCESS_CONTINUE;
                    // Variables, parameters and enumerators are not functions; an undeclared name may be one defined elsewhere.
                    IBinding b = id.getName().resolveBinding();
                    if ((b instanceof IFunction || b instanceof IProblemBinding || b == null) && !inTable(inTables, r)) {
                        out.add(new FileFacts.Ref(id.getName().toString(), r.start(), r.end()));
                    }
                }
                return PROCESS_CONTINUE;
            }
        };
        for (IASTDeclaration d : m.parsed().ast().getDeclarations()) {
            if (d.isPartOfTranslationUnitFile()) d.accept(v);
        }
        return out;
    }

    private static boolean inTable(java.util.TreeMap<Integer, TextRange> tables, TextRange r) {
        java.util.Map.Entry<Integer, TextRange> t = tables.floorEntry(r.start());
        return t != null && t.getValue().contains(r);
    }
}
