package dev.ftmigrate.analyzer.input;

import dev.ftmigrate.analyzer.SourceFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads one input: a SourceFile, or a warning saying why it cannot be analysed (never an exception). */
public record InputFile(String relPath, SourceFile source, String warning) {

    public static InputFile read(Path file, String relPath) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            return new InputFile(relPath, null, "unreadable: " + e.getMessage());
        }
        for (int i = 0; i < Math.min(bytes.length, 8192); i++) {
            if (bytes[i] == 0) return new InputFile(relPath, null, "binary file (NUL byte), skipped");
        }
        SourceFile src = SourceFile.of(file, relPath, bytes);
        String warning = src.charset() == StandardCharsets.UTF_8 ? null : "not valid UTF-8; read as Latin-1";
        return new InputFile(relPath, src, warning);
    }
}
