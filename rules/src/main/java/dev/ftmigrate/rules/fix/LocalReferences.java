package dev.ftmigrate.rules.fix;

import dev.ftmigrate.analyzer.Ast;
import dev.ftmigrate.analyzer.CFunction;
import dev.ftmigrate.analyzer.FileModel;
import dev.ftmigrate.analyzer.FunctionScope;
import org.eclipse.cdt.core.dom.ast.ASTVisitor;
import org.eclipse.cdt.core.dom.ast.IASTArraySubscriptExpression;
import org.eclipse.cdt.core.dom.ast.IASTDeclarator;
import org.eclipse.cdt.core.dom.ast.IASTFieldReference;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;
import org.eclipse.cdt.core.dom.ast.IASTIdExpression;
import org.eclipse.cdt.core.dom.ast.IASTInitializerClause;
import org.eclipse.cdt.core.dom.ast.IASTNode;
import org.eclipse.cdt.core.dom.ast.IASTSimpleDeclaration;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the function's other locals hold, as far as a converted reference is concerned: the
 * locals derived from it (they die with its reference, so a use of one is a use of it), and the
 * locals already holding a reference where a new error exit would be added (it would leak them).
 */
final class LocalReferences {
    /** APIs whose result lives only as long as their first argument. */
    static final Set<String> BORROWING = Set.of("PyTuple_GET_ITEM", "PyTuple_GetItem", "PyList_GET_ITEM", "PyList_GetItem",
            "PyModule_GetDict", "PyDict_GetItem", "PyDict_GetItemString", "PyDict_GetItemWithError", "PySequence_Fast_GET_ITEM",
            "PySequence_Fast_ITEMS", "PyBytes_AS_STRING", "PyBytes_AsString", "PyUnicode_AsUTF8", "PyUnicode_AsUTF8AndSize",
            "PyByteArray_AS_STRING", "PyByteArray_AsString", "PyModule_GetState", "PyCapsule_GetPointer", "PyCell_GET",
            "PyWeakref_GET_OBJECT", "PyWeakref_GetObject", "PyMemoryView_GET_BUFFER", "PyModule_GetNameObject");

    private final FileModel model;
    private final CFunction fn;
    private final Map<String, Set<String>> aliases = new HashMap<>();

    LocalReferences(FileModel model, CFunction fn) {
        this.model = model;
        this.fn = fn;
    }

    /**
     * The variable and every local assigned from an expression using it (a tuple item of a
     * borrowed tuple, the dict of a borrowed module): all of them die with its reference.
     */
    Set<String> aliases(String v) {
        return aliases.computeIfAbsent(v, k -> {
            FunctionScope scope = new FunctionScope(fn);
            Set<String> out = new LinkedHashSet<>(List.of(k));
            boolean grew = true;
            while (grew) {
                grew = false;
                for (IASTDeclarator d : localDeclarators()) {
                    String x = d.getName().toString();
                    if (out.contains(x)) continue;
                    for (var a : scope.assignments(x)) {
                        if (out.stream().anyMatch(y -> derives(a.value(), y))) { out.add(x); grew = true; break; }
                    }
                }
            }
            return out;
        });
    }

    boolean mentionsAlias(IASTNode n, String v) {
        for (String a : aliases(v)) if (Stmts.mentions(n, a)) return true;
        return false;
    }

    /**
     * A local other than the converted ones that already holds a reference at {@code offset} and
     * is released or returned later: a new {@code return NULL;} there would leak it.
     */
    String liveOwnedLocal(int offset, Set<String> converted) {
        FunctionScope scope = new FunctionScope(fn);
        String code = model.code();
        int end = Math.min(code.length(), fn.range().end());
        String after = offset < end ? code.substring(offset, end) : "";
        for (IASTDeclarator d : localDeclarators()) {
            String x = d.getName().toString();
            if (converted.contains(x) || !scope.isLocal(x)) continue;
            boolean held = scope.assignments(x).stream().anyMatch(a -> a.offset() < offset
                    && Ast.strip(a.value(), false) instanceof IASTFunctionCallExpression);
            if (!held) continue;
            String q = Pattern.quote(x);
            if (Pattern.compile("\\b(Py_DECREF|Py_XDECREF|Py_CLEAR|Py_SETREF|Py_XSETREF)\\s*\\(\\s*" + q + "\\s*[,)]"
                    + "|\\breturn\\s+(\\(\\s*PyObject\\s*\\*\\s*\\)\\s*)?" + q + "\\s*;").matcher(after).find()) return x;
        }
        return null;
    }

    private List<IASTDeclarator> localDeclarators() {
        List<IASTDeclarator> out = new ArrayList<>();
        fn.node().getBody().accept(new ASTVisitor() {
            { shouldVisitDeclarators = true; }

            @Override
            public int visit(IASTDeclarator d) {
                if (d.getParent() instanceof IASTSimpleDeclaration) out.add(d);
                return PROCESS_CONTINUE;
            }
        });
        return out;
    }

    /** The value is {@code y} itself, a field or item of it, or a borrowing accessor applied to it. */
    private static boolean derives(IASTInitializerClause value, String y) {
        var e = Ast.strip(value, false);
        if (e instanceof IASTIdExpression id) return id.getName().toString().equals(y);
        if (e instanceof IASTFieldReference f) return derives(f.getFieldOwner(), y);
        if (e instanceof IASTArraySubscriptExpression a) return derives(a.getArrayExpression(), y);
        if (e instanceof IASTFunctionCallExpression c && BORROWING.contains(String.valueOf(Ast.calleeName(c))) && c.getArguments().length > 0) {
            return derives(c.getArguments()[0], y);
        }
        return false;
    }
}
