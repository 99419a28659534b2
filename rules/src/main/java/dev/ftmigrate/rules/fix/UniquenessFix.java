package dev.ftmigrate.rules.fix;

import dev.ftmigrate.analyzer.Ast;
import dev.ftmigrate.analyzer.FileModel;
import dev.ftmigrate.analyzer.TextRange;
import dev.ftmigrate.rules.Fix;
import dev.ftmigrate.rules.FixSafety;
import dev.ftmigrate.rules.TextEdit;
import dev.ftmigrate.rules.engine.FixContext;
import org.eclipse.cdt.core.dom.ast.IASTBinaryExpression;
import org.eclipse.cdt.core.dom.ast.IASTExpression;
import org.eclipse.cdt.core.dom.ast.IASTFieldReference;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * FT103: {@code Py_REFCNT(op) == 1} (and its spellings) becomes
 * {@code PyUnstable_Object_IsUniquelyReferenced(op)}, with a compat fallback for CPython before
 * 3.14 (on 3.13t it checks what 3.14 checks). Review: the call site may still race if the object
 * is published before the in-place mutation.
 */
public final class UniquenessFix {
    public static final String API = "PyUnstable_Object_IsUniquelyReferenced";

    private UniquenessFix() {}

    /** The expression is declared as a {@code PyObject *} (CDT resolves the typedef), so it needs no cast. */
    static boolean isPyObjectPointer(IASTExpression e) {
        try {
            if (Ast.strip(e) instanceof org.eclipse.cdt.core.dom.ast.IASTIdExpression id) {
                // Without the real headers PyObject is not a known type: read the declaration as written.
                var b = id.getName().resolveBinding();
                for (var n : id.getTranslationUnit().getDeclarationsInAST(b)) {
                    if (n.getParent() instanceof org.eclipse.cdt.core.dom.ast.IASTDeclarator d && d.getPointerOperators().length == 1) {
                        org.eclipse.cdt.core.dom.ast.IASTDeclSpecifier spec = null;
                        if (d.getParent() instanceof org.eclipse.cdt.core.dom.ast.IASTSimpleDeclaration sd) spec = sd.getDeclSpecifier();
                        if (d.getParent() instanceof org.eclipse.cdt.core.dom.ast.IASTParameterDeclaration pd) spec = pd.getDeclSpecifier();
                        if (spec != null) return spec.getRawSignature().replaceAll("\\b(const|register|volatile)\\b", "").strip().equals("PyObject");
                    }
                }
            }
            String t = org.eclipse.cdt.core.dom.ast.ASTTypeUtil.getType(e.getExpressionType());
            return t.equals("PyObject *") || t.equals("struct _object *");
        } catch (RuntimeException ex) {
            return false;
        }
    }

    /** @param refcount the Py_REFCNT(...) call or the ->ob_refcnt field; {@code unique} whether the test means "exactly one" */
    public static Fix of(FixContext fx, IASTBinaryExpression test, IASTExpression refcount, boolean unique) {
        FileModel model = fx.model();
        if (!SourceText.literal(test)) return null;
        org.eclipse.cdt.core.dom.ast.IASTStatement stmt = Stmts.containing(test);
        if (stmt != null && Ast.text(model.source(), stmt).stripLeading().matches("(?s)(assert|Py_DEBUG_ASSERT|_PyObject_ASSERT)\\b.*")) {
            return new Fix("not rewritten: an assertion about the reference count decides nothing at run time", FixSafety.ADVICE, List.of());
        }
        String obj;
        if (refcount instanceof IASTFunctionCallExpression c && c.getArguments().length == 1) {
            obj = Ast.text(model.source(), c.getArguments()[0]);
            // The API takes a PyObject *; Py_REFCNT() cast for the caller, so the rewrite must too.
            if (c.getArguments()[0] instanceof IASTExpression arg && !isPyObjectPointer(arg)) obj = "(PyObject *)" + obj;
        } else if (refcount instanceof IASTFieldReference f) {
            String owner = Ast.text(model.source(), f.getFieldOwner());
            obj = f.isPointerDereference() ? owner : "&" + owner;
            if (!f.isPointerDereference() || !isPyObjectPointer(f.getFieldOwner())) obj = "(PyObject *)" + (f.isPointerDereference() ? owner : "(" + obj + ")");
        } else {
            return null;
        }
        Optional<List<TextEdit>> compat = Compat.provide(fx, API);
        if (compat.isEmpty()) return null;
        TextRange r = Ast.range(test);
        List<TextEdit> edits = new ArrayList<>();
        edits.addAll(compat.get());
        edits.add(new TextEdit(model.source().relPath(), r.start(), r.length(), (unique ? "" : "!") + API + "(" + obj + ")"));
        return new Fix("use " + API + "() (3.14; compat fallback for older versions)", FixSafety.REVIEW, edits);
    }
}
