package dev.ftmigrate.rules.catalog;

import dev.ftmigrate.analyzer.Ast;
import dev.ftmigrate.rules.engine.FixRequest;
import dev.ftmigrate.rules.engine.RuleContext;
import dev.ftmigrate.rules.engine.Suppressions;
import dev.ftmigrate.rules.fix.BorrowedRefs;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;

import java.util.Set;

/** FT301–FT305: the strong-reference rewrite, applied to exactly the calls these rules report. */
final class BorrowedFix {
    private static final Set<String> CONTAINER_CALLS = Set.of("PyDict_GetItem", "PyDict_GetItemWithError",
            "PyDict_GetItemString", "_PyDict_GetItemStringWithError", "PyList_GetItem", "PyList_GET_ITEM");

    private BorrowedFix() {}

    /** A call silenced by an ignore comment is left as it is. */
    private static boolean suppressed(RuleContext ctx, IASTFunctionCallExpression c) {
        String callee = Ast.calleeName(c);
        String id = callee.startsWith("PyDict_GetItem") || callee.startsWith("_PyDict") ? "FT301" : callee.startsWith("PyList") ? "FT302"
                : callee.startsWith("PyWeakref") ? "FT303" : callee.startsWith("PyImport") ? "FT304" : "FT305";
        return Suppressions.suppressed(ctx.source(), ctx.source().line(Ast.range(c).start()), id);
    }

    static FixRequest of(RuleContext ctx, IASTFunctionCallExpression call) {
        return fx -> BorrowedRefs.fix(fx, call, c -> reported(ctx, c));
    }

    /** FT301/FT302 skip private containers (SharedContainerCall); the other APIs are always reported. */
    static boolean reported(RuleContext ctx, IASTFunctionCallExpression c) {
        if (suppressed(ctx, c)) return false;
        if (!CONTAINER_CALLS.contains(String.valueOf(Ast.calleeName(c)))) return true;
        return SharedContainerCall.hazard(ctx, c) != null;
    }
}
