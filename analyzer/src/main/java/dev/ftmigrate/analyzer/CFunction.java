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
}
