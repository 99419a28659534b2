package dev.ftmigrate.rules.engine;

import org.eclipse.cdt.core.dom.ast.IASTBinaryExpression;

/** Matches binary expressions (comparisons, assignments, compound assignments). */
public interface BinaryRule extends Rule {
    void onBinary(IASTBinaryExpression e, RuleContext ctx);
}
