package dev.ftmigrate.patcher;

import dev.ftmigrate.rules.TextEdit;

/**
 * Two edits of one file that touch overlapping text and are not identical.
 *
 * @param existing      the edit already in the set
 * @param existingOwner who contributed it (a fix description, or a label chosen by the caller)
 * @param incoming      the edit that was refused
 * @param incomingOwner who tried to add it
 */
public record EditConflict(TextEdit existing, String existingOwner, TextEdit incoming, String incomingOwner) {
    @Override
    public String toString() {
        return incomingOwner + ": " + describe(incoming) + " overlaps " + describe(existing) + " of " + existingOwner;
    }

    static String describe(TextEdit e) {
        String what = e.length() == 0 ? "insertion of " + quote(e.replacement())
                : e.replacement().isEmpty() ? "deletion of " + e.length() + " chars"
                : "replacement of " + e.length() + " chars by " + quote(e.replacement());
        return what + " at " + e.relPath() + "@" + e.offset();
    }

    static String quote(String s) {
        String t = s.length() > 40 ? s.substring(0, 37) + "..." : s;
        return '"' + t.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t") + '"';
    }
}
