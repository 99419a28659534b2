package dev.ftmigrate.analyzer;

import org.eclipse.cdt.core.dom.ast.IASTFunctionDefinition;

import java.util.List;

/** A function defined in a file; static functions are scoped to their file. Param types as written ("PyListObject *"). */
public record CFunction(String name, boolean isStatic, List<String> params, List<String> paramTypes, TextRange range,
                        TextRange nameRange, IASTFunctionDefinition node, String relPath) {
    public CFunction {
        params = List.copyOf(params);
        paramTypes = List.copyOf(paramTypes);
    }

    /** Hashes what tells definitions apart (a key of every call-graph map): the lists need not be hashed each time. */
    @Override
    public int hashCode() {
        return java.util.Objects.hash(name, range, relPath) * 31 + System.identityHashCode(node);
    }

    /** A record's equality, written out: the generated one compares through method handles, slow in a short-lived JVM's C1 code. */
    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        return o instanceof CFunction f && java.util.Objects.equals(node, f.node) && isStatic == f.isStatic
                && java.util.Objects.equals(name, f.name) && java.util.Objects.equals(range, f.range)
                && java.util.Objects.equals(relPath, f.relPath) && java.util.Objects.equals(nameRange, f.nameRange)
                && java.util.Objects.equals(params, f.params) && java.util.Objects.equals(paramTypes, f.paramTypes);
    }
}
