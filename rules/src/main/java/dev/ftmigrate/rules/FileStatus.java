package dev.ftmigrate.rules;

/**
 * What happened to one input file: how many lines, how many parser problem nodes (0 = clean),
 * and a warning when it could not be analysed fully (binary, unreadable, not UTF-8...).
 */
public record FileStatus(String relPath, int lines, int problems, String warning) {
    public boolean clean() { return problems == 0 && warning == null; }
}
