package dev.ftmigrate.analyzer;

import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;

/** A direct call from one of the extension's functions; {@code target} is null for external functions. */
public record CallSite(CFunction caller, String callee, CFunction target, TextRange range, IASTFunctionCallExpression node) {}
