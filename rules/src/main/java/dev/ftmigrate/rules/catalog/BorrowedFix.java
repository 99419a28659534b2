package dev.ftmigrate.rules.catalog;

import dev.ftmigrate.analyzer.Ast;
import dev.ftmigrate.analyzer.Sharing;
import dev.ftmigrate.rules.Fix;
import dev.ftmigrate.rules.engine.RuleContext;
import dev.ftmigrate.rules.fix.BorrowedRefs;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;
import org.eclipse.cdt.core.dom.ast.IASTInitializerClause;

import java.util.Set;

/** FT301–FT305: the strong-reference rewrite, applied to exactly the calls these rules report. */
final class BorrowedFix {
    private static final Set<String> CONTAINER_CALLS = Set.of("PyDict_GetItem", "PyDict_GetItemWithError",
            "PyDict_GetItemString", "_PyDict_GetItemStringWithError", "PyList_GetItem", "PyList_GET_ITEM");

    private BorrowedFix() {}

    static Fix of(RuleContext ctx, IASTFunctionCallExpression call) {
        return BorrowedRefs.fix(ctx.model(), call, c -> reported(ctx, c));
    }

    /** FT301/FT302 skip private containers (SharedContainerCall); the other APIs are always reported. */
    static boolean reported(RuleContext ctx, IASTFunctionCallExpression c) {
        if (!CONTAINER_CALLS.contains(Ast.calleeName(c))) return true;
        IASTInitializerClause container = Ast.arg(c, 0);
        if (container == null) return false;
        return ctx.sharing().classify(container, ctx.functionOf(c).orElse(null), Ast.range(c).start()).kind() != Sharing.Kind.PRIVATE;
    }
}
