package dev.ftmigrate.rules;

/** Replace {@code length} chars at {@code offset} of file {@code relPath}'s scanned text. */
public record TextEdit(String relPath, int offset, int length, String replacement) {
    public TextEdit {
        if (offset < 0 || length < 0) throw new IllegalArgumentException("bad edit " + offset + "+" + length);
    }

    public int end() { return offset + length; }

    public static TextEdit insert(String relPath, int offset, String text) {
        return new TextEdit(relPath, offset, 0, text);
    }
}
