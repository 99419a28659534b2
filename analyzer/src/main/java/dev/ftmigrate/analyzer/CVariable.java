package dev.ftmigrate.analyzer;

import org.eclipse.cdt.core.dom.ast.IASTDeclarator;

/**
 * A variable with static storage: file scope, or {@code static} inside a function.
 *
 * @param typeText the declaration's type as written (e.g. "PyObject *")
 * @param function the enclosing function for function statics, else null
 * @param constant const-qualified object (a const pointer, or const data with no pointer)
 * @param extern   declared extern (defined elsewhere)
 */
public record CVariable(String name, String typeText, boolean isStatic, boolean constant, boolean extern,
                        boolean array, boolean pointer, String function, TextRange nameRange,
                        IASTDeclarator declarator, String relPath) {
    /** Hashes what tells declarations apart; equality stays the record's. */
    @Override
    public int hashCode() {
        return java.util.Objects.hash(name, function, nameRange, relPath) * 31 + System.identityHashCode(declarator);
    }

    public boolean fileScope() { return function == null; }
}
