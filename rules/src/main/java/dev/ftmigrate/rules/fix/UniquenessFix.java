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
        } else if (refcount instanceof IASTFieldReference f) {
            String owner = Ast.text(model.source(), f.getFieldOwner());
            obj = f.isPointerDereference() ? owner : "&" + owner;
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
