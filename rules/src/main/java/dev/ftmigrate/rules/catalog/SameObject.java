package dev.ftmigrate.rules.catalog;

import dev.ftmigrate.analyzer.Ast;
import dev.ftmigrate.analyzer.FunctionScope;
import org.eclipse.cdt.core.dom.ast.IASTFieldReference;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;
import org.eclipse.cdt.core.dom.ast.IASTIdExpression;
import org.eclipse.cdt.core.dom.ast.IASTInitializerClause;
import org.eclipse.cdt.core.dom.ast.IASTLiteralExpression;

import java.util.List;
import java.util.Set;

/**
 * A value that is the same object whichever thread computes it: an interned literal, a module
 * imported by name, an attribute looked up by name on such a module (through one local). A lazy
 * initialisation that stores one of these races only to leak a reference, never to free what
 * another thread uses, so FT401/FT402/FT409 grade it as a note.
 */
final class SameObject {
    private SameObject() {}

    /** Calls that return the same object for the same string arguments, every time. */
    private static final Set<String> CALLS = Set.of("PyUnicode_InternFromString", "PyImport_ImportModule",
            "PyImport_ImportModuleAttrString", "_PyImport_GetModuleAttrString", "PyObject_GetAttrString");

    /**
     * Name fields of the interpreter's definition records (PyMethodDef, PyTypeObject, PyModuleDef):
     * static data nothing rewrites, so interning one gives the same object each time.
     */
    private static final Set<String> DEFINITION_NAMES = Set.of("ml_name", "tp_name", "m_name");

    static final String NOTE = " (every thread stores the same object, an interned literal or a module or attribute looked up by"
            + " name, so the race leaks at most one reference and frees nothing; creating it at module exec still removes the data race)";

    static boolean is(IASTInitializerClause e, FunctionScope scope) {
        return is(e, scope, 1);
    }

    private static boolean is(IASTInitializerClause e, FunctionScope scope, int depth) {
        if (!(Ast.strip(e, false) instanceof IASTFunctionCallExpression call) || !CALLS.contains(String.valueOf(Ast.calleeName(call)))) return false;
        for (IASTInitializerClause arg : call.getArguments()) {
            IASTInitializerClause v = Ast.strip(arg, false);
            if (v instanceof IASTLiteralExpression lit && lit.getKind() == IASTLiteralExpression.lk_string_literal) continue;
            if (v instanceof IASTFieldReference ref && DEFINITION_NAMES.contains(ref.getFieldName().toString())) continue;
            if (depth > 0 && v instanceof IASTIdExpression id && scope.isLocal(id.getName().toString())) {
                List<FunctionScope.Assignment> values = scope.assignments(id.getName().toString());
                if (!values.isEmpty() && values.stream().allMatch(x -> is(x.value(), scope, depth - 1))) continue;
            }
            return false;
        }
        return true;
    }
}
