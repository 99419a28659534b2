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

    private static final java.util.regex.Pattern IGNORE = java.util.regex.Pattern.compile("ftmigrate:\\s*ignore\\[([A-Za-z0-9,\\s]+)\\]");

    private BorrowedFix() {}

    /** A call silenced by an ignore comment (as the engine's Suppressions reads them) is left as it is. */
    private static boolean suppressed(RuleContext ctx, IASTFunctionCallExpression c) {
        String callee = Ast.calleeName(c);
        String id = callee.startsWith("PyDict_GetItem") || callee.startsWith("_PyDict") ? "FT301" : callee.startsWith("PyList") ? "FT302"
                : callee.startsWith("PyWeakref") ? "FT303" : callee.startsWith("PyImport") ? "FT304" : "FT305";
        var src = ctx.source();
        int line = src.line(Ast.range(c).start());
        for (int l = Math.max(1, line - 1); l <= line; l++) {
            var m = IGNORE.matcher(src.lineText(l));
            while (m.find()) {
                for (String p : m.group(1).split(",")) if (!p.isBlank() && id.startsWith(p.strip().toUpperCase())) return true;
            }
        }
        return false;
    }

    static Fix of(RuleContext ctx, IASTFunctionCallExpression call) {
        return BorrowedRefs.fix(ctx.model(), call, c -> reported(ctx, c));
    }

    /** FT301/FT302 skip private containers (SharedContainerCall); the other APIs are always reported. */
    static boolean reported(RuleContext ctx, IASTFunctionCallExpression c) {
        if (suppressed(ctx, c)) return false;
        if (!CONTAINER_CALLS.contains(String.valueOf(Ast.calleeName(c)))) return true;
        IASTInitializerClause container = Ast.arg(c, 0);
        if (container == null) return false;
        return ctx.sharing().classify(container, ctx.functionOf(c).orElse(null), Ast.range(c).start()).kind() != Sharing.Kind.PRIVATE;
    }
}
