package dev.ftmigrate.patcher;

import dev.ftmigrate.analyzer.SourceFile;

import java.util.Arrays;

/**
 * One file before and after the edits. Bytes are produced with {@link SourceFile#encode}, so the
 * charset and the BOM stay what they were. A {@code created} change makes a file that did not
 * exist when the scan ran (its source is empty): a compat header, say.
 */
public record FileChange(SourceFile source, String newText, boolean created) {
    public FileChange(SourceFile source, String newText) {
        this(source, newText, false);
    }

    public String relPath() { return source.relPath(); }

    public boolean changed() { return !newText.equals(source.text()); }

    /**
     * The scanned bytes, rebuilt from the text. Checked against the scan-time hash: if the
     * decoding did not round-trip, a diff built from them would not apply, so fail loudly.
     */
    public byte[] oldBytes() {
        byte[] b = source.encode(source.text());
        if (!SourceFile.sha256(b).equals(source.sha256())) {
            throw new IllegalStateException(source.relPath() + ": text does not re-encode to the scanned bytes ("
                    + source.charset() + "); refusing to patch it");
        }
        return b;
    }

    public byte[] newBytes() { return source.encode(newText); }

    /** True when the new bytes equal the old ones (an empty edit set, or edits that cancel out). */
    public boolean bytesUnchanged() { return Arrays.equals(oldBytes(), newBytes()); }
}
