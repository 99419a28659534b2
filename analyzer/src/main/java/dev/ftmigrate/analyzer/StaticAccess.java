package dev.ftmigrate.analyzer;

import org.eclipse.cdt.core.dom.ast.IASTIdExpression;

/**
 * One use of a variable with static storage inside a function.
 *
 * @param path    what is touched, e.g. "cache", "stats.hits", "free_list[]"
 * @param lazyInit the write sits in an {@code if (!var)} / {@code if (var == NULL)} test of the same variable
 */
public record StaticAccess(CVariable variable, Kind kind, String path, CFunction function, TextRange range,
                           IASTIdExpression node, boolean lazyInit) {
    public enum Kind {
        READ, WRITE, READ_MODIFY_WRITE;

        public String label() {
            return switch (this) {
                case READ -> "read";
                case WRITE -> "write";
                case READ_MODIFY_WRITE -> "read-modify-write";
            };
        }
    }

    public boolean writes() { return kind != Kind.READ; }
}
