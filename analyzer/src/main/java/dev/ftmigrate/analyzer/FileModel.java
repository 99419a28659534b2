package dev.ftmigrate.analyzer;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The semantic model of one file: what rules query instead of walking the tree themselves.
 *
 * @param macros macro definitions written in this file: name to the range of the directive
 * @param generated what generated the file, or null for hand-written code
 * @param code   the text without comments and literals, inactive #if branches included ({@link CodeText})
 * @param objectTypes  struct/typedef names whose first member is PyObject_HEAD (Python objects)
 * @param plainStructs struct/typedef names defined here that are not Python objects
 * @param includedFunctions functions defined in local headers this file includes (Argument Clinic's
 *        clinic/*.c.h wrappers): part of the call graph, never reported on (their ranges are the header's)
 */
public record FileModel(ParsedFile parsed, List<CFunction> functions, List<CVariable> variables,
                        List<InitTable> tables, Map<String, TextRange> macros, Generated generated,
                        String code, java.util.Set<String> objectTypes, java.util.Set<String> plainStructs,
                        List<CFunction> includedFunctions, FileIndex index) {

    public FileModel(ParsedFile parsed, List<CFunction> functions, List<CVariable> variables,
                     List<InitTable> tables, Map<String, TextRange> macros, Generated generated,
                     String code, java.util.Set<String> objectTypes, java.util.Set<String> plainStructs,
                     List<CFunction> includedFunctions) {
        this(parsed, functions, variables, tables, macros, generated, code, objectTypes, plainStructs,
                includedFunctions, new FileIndex(functions, variables, code));
    }

    public SourceFile source() { return parsed.source(); }

    /** True for generated code that only the generated-code rules look at (the default for such files). */
    public boolean generatedSkipped() { return generated != null && !generated.analysed(); }

    /** True when the identifier appears in code (any #if branch), not just in comments or strings. */
    public boolean mentions(String identifier) {
        return index.mentions(identifier);
    }

    /** The variables (file-scope and static locals) named {@code name}, in declaration order. */
    public List<CVariable> variablesNamed(String name) { return index.variables(name); }

    /** The variable {@code name} denotes in {@code fn} (null: at file scope): fn's own static local, else the file-scope one. */
    public Optional<CVariable> variableIn(CFunction fn, String name) { return index.visible(fn == null ? null : fn.name(), name); }

    public List<InitTable> tables(String typeName) {
        return tables.stream().filter(t -> t.typeName().equals(typeName)).toList();
    }

    public Optional<CFunction> function(String name) {
        return index.function(name);
    }

    /** Which pointer parameters the functions defined here (and in included Clinic headers) write through. */
    public ParamWrites paramWrites() {
        return index.paramWrites(() -> includedFunctions.isEmpty() ? functions
                : java.util.stream.Stream.concat(functions.stream(), includedFunctions.stream()).toList());
    }

    /** True for a function of {@link #includedFunctions} (a list's contains, per function of a file with many, added up). */
    public boolean included(CFunction f) { return index.included(includedFunctions, f); }

    /** The function whose definition contains the offset. */
    public Optional<CFunction> functionAt(int offset) {
        return index.functionAt(offset);
    }
}
