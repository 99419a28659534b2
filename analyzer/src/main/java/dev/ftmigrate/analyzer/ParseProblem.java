package dev.ftmigrate.analyzer;

import org.eclipse.cdt.core.dom.ast.IASTFileLocation;
import org.eclipse.cdt.core.dom.ast.IASTProblem;

/** A parser or preprocessor problem, located in the scanned file (offset -1 when elsewhere). */
public record ParseProblem(int offset, int line, String message, boolean preprocessor) {
    static ParseProblem of(SourceFile file, IASTProblem p, boolean preprocessor) {
        IASTFileLocation loc = p.getFileLocation();
        int off = loc == null ? -1 : Math.min(loc.getNodeOffset(), file.text().length());
        return new ParseProblem(off, off < 0 ? 0 : file.line(off), p.getMessage(), preprocessor);
    }
}
