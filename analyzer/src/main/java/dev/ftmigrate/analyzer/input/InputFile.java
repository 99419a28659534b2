package dev.ftmigrate.analyzer.input;

import dev.ftmigrate.analyzer.SourceFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** Reads one input: a SourceFile, or a warning saying why it cannot be analysed (never an exception). */
public record InputFile(String relPath, SourceFile source, String warning) {
    /** Files above this size are not read (no C file of a real extension comes near it). */
    public static final long MAX_BYTES = 256L << 20;

    public static InputFile read(Path file, String relPath) {
        return read(file, relPath, MAX_BYTES);
    }

    /** An entry that was not read at all, with the reason. */
    public static InputFile skipped(String relPath, String why) {
        return new InputFile(relPath, null, why);
    }

    public static InputFile read(Path file, String relPath, long maxBytes) {
        byte[] bytes;
        try {
            // Checked before opening, so a FIFO or device that replaced the file is never opened.
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            if (!a.isRegularFile()) return skipped(relPath, "not a regular file, skipped");
            if (a.size() > maxBytes) return skipped(relPath, "larger than " + (maxBytes >> 20) + " MB, skipped");
            try (InputStream in = Files.newInputStream(file)) {
                bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            }
            if (bytes.length > maxBytes) return skipped(relPath, "larger than " + (maxBytes >> 20) + " MB, skipped");
        } catch (IOException e) {
            return skipped(relPath, "unreadable: " + e.getMessage());
        }
        for (int i = 0; i < Math.min(bytes.length, 8192); i++) {
            if (bytes[i] == 0) return new InputFile(relPath, null, "binary file (NUL byte), skipped");
        }
        SourceFile src = SourceFile.of(file, relPath, bytes);
        String warning = src.charset() == StandardCharsets.UTF_8 ? null : "not valid UTF-8; read as Latin-1";
        return new InputFile(relPath, src, warning);
    }
}
