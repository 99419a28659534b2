package dev.ftmigrate.analyzer;

import org.eclipse.cdt.core.dom.ast.IASTTranslationUnit;

import java.util.List;

/**
 * A source file with its CDT tree, the problems met while parsing it, and warnings about its inputs
 * (an #include refused because it is not a regular file or too large).
 */
public record ParsedFile(SourceFile source, IASTTranslationUnit ast, List<ParseProblem> problems, List<String> warnings) {
    public ParsedFile {
        problems = List.copyOf(problems);
        warnings = List.copyOf(warnings);
    }

    public ParsedFile(SourceFile source, IASTTranslationUnit ast, List<ParseProblem> problems) {
        this(source, ast, problems, List.of());
    }

    /** Problem nodes in the syntax tree (preprocessor problems not counted). */
    public long syntaxProblems() {
        return problems.stream().filter(p -> !p.preprocessor()).count();
    }
}
