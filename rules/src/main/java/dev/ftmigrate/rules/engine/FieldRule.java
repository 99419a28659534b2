package dev.ftmigrate.rules.engine;

import org.eclipse.cdt.core.dom.ast.IASTFieldReference;

import java.util.Set;

/** Matches {@code x->f} and {@code x.f} for the named fields. */
public interface FieldRule extends Rule {
    Set<String> fields();

    void onField(IASTFieldReference ref, String field, RuleContext ctx);
}
