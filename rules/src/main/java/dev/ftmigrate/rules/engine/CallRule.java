package dev.ftmigrate.rules.engine;

import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;

import java.util.Set;

/** Matches direct calls to the named functions. */
public interface CallRule extends Rule {
    Set<String> callees();

    void onCall(IASTFunctionCallExpression call, String callee, RuleContext ctx);
}
