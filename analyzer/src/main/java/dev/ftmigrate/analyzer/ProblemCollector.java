package dev.ftmigrate.analyzer;

import org.eclipse.cdt.core.dom.ast.ASTVisitor;
import org.eclipse.cdt.core.dom.ast.IASTProblem;
import org.eclipse.cdt.core.dom.ast.IASTTranslationUnit;

import java.util.List;

/** Gathers the problem nodes of the scanned file itself (not of included headers). */
final class ProblemCollector extends ASTVisitor {
    private final SourceFile file;
    private final List<ParseProblem> out;

    private ProblemCollector(SourceFile file, List<ParseProblem> out) {
        this.file = file;
        this.out = out;
        shouldVisitProblems = true;
    }

    static void collect(IASTTranslationUnit tu, SourceFile file, List<ParseProblem> out) {
        tu.accept(new ProblemCollector(file, out));
    }

    @Override
    public int visit(IASTProblem problem) {
        if (problem.isPartOfTranslationUnitFile()) out.add(ParseProblem.of(file, problem, false));
        return PROCESS_CONTINUE;
    }
}
