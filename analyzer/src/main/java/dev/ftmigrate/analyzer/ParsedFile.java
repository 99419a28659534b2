package dev.ftmigrate.analyzer;

import org.eclipse.cdt.core.dom.ast.IASTTranslationUnit;

import java.util.List;

/**
 * A source file with its CDT tree, the problems met while parsing it, and warnings about its inputs
 * (an #include refused because it is not a regular file or too large).
 * @param includedChars the chars of the headers the parse read (their declarations are in the tree too)
 */
public record ParsedFile(SourceFile source, IASTTranslationUnit ast, List<ParseProblem> problems, List<String> warnings,
                         long includedChars) {
    public ParsedFile {
        problems = List.copyOf(problems);
        warnings = List.copyOf(warnings);
    }

    public ParsedFile(SourceFile source, IASTTranslationUnit ast, List<ParseProblem> problems) {
        this(source, ast, problems, List.of(), 0);
    }

    /** The chars the tree was parsed from: the file's and its headers'. */
    public long treeChars() {
        return source.text().length() + includedChars;
    }

    /** Problem nodes in the syntax tree (preprocessor problems not counted). */
    public long syntaxProblems() {
        return problems.stream().filter(p -> !p.preprocessor()).count();
    }
}
