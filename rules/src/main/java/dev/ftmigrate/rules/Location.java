package dev.ftmigrate.rules;

import dev.ftmigrate.analyzer.SourceFile;

/**
 * A place in a source file: char offsets into the scanned text plus 1-based line/column
 * (columns count chars, as SARIF's default "utf16CodeUnits" nearly does for BMP text).
 */
public record Location(String relPath, int startOffset, int endOffset,
                       int startLine, int startColumn, int endLine, int endColumn, String message) {

    public static Location of(SourceFile file, int start, int end, String message) {
        return new Location(file.relPath(), start, end,
                file.line(start), file.column(start), file.line(end), file.column(end), message);
    }

    public static Location of(SourceFile file, int start, int end) {
        return of(file, start, end, null);
    }

    public Location withMessage(String m) {
        return new Location(relPath, startOffset, endOffset, startLine, startColumn, endLine, endColumn, m);
    }
}
