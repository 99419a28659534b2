package dev.ftmigrate.analyzer;

import java.util.List;

/**
 * A function of the linked extension, known from its file's facts (no tree): what the field model
 * reports about functions of other files.
 *
 * @param id       its place in the link (stable within one run only)
 * @param relPath  its file (for a function of an included header: the including file)
 * @param index    its place in that file's {@link FileFacts#functions()}: the file's own functions come first
 * @param included defined in an included local header (its offsets are the header's)
 */
public record LinkedFunction(int id, String relPath, int index, String name, List<String> params, boolean included) {}
