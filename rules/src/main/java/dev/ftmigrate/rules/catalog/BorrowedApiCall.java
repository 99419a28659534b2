package dev.ftmigrate.rules.catalog;

import dev.ftmigrate.rules.engine.RuleContext;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;

/** FT303–FT305: APIs that are hazards wherever they are called; the message names the replacement. */
final class BorrowedApiCall {
    private BorrowedApiCall() {}

    static void report(RuleContext ctx, IASTFunctionCallExpression call, String callee, String why, String replacement) {
        ctx.report(call).subject(callee).fix(BorrowedFix.of(ctx, call)).message(callee + "() " + why + "; use " + replacement).emit();
    }
}
