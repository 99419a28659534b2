package dev.ftmigrate.analyzer;

import org.eclipse.cdt.core.dom.ast.IASTTranslationUnit;

import java.util.List;

/** A source file with its CDT tree and the problems met while parsing it. */
public record ParsedFile(SourceFile source, IASTTranslationUnit ast, List<ParseProblem> problems) {
    public ParsedFile {
        problems = List.copyOf(problems);
    }

    /** Problem nodes in the syntax tree (preprocessor problems not counted). */
    public long syntaxProblems() {
        return problems.stream().filter(p -> !p.preprocessor()).count();
    }
}
