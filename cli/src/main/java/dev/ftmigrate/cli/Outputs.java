package dev.ftmigrate.cli;

import dev.ftmigrate.patcher.AtomicFile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes report files through {@link AtomicFile}: a regular file is replaced atomically (a reader never
 * sees half a report), a device or FIFO such as /dev/stdout is written directly, nothing else is replaced.
 */
final class Outputs {
    private Outputs() {}

    /** Refuses an output path that can never be written (a folder), before any work is done. */
    static void check(Path target, String option) {
        if (target != null && Files.isDirectory(target)) throw new UserError(option + " " + target + ": is a directory");
    }

    static void write(Path target, String content) {
        write(target, content.getBytes(StandardCharsets.UTF_8));
    }

    static void write(Path target, byte[] content) {
        write(target, out -> out.write(content));
    }

    /** Writes what {@code content} writes, as it writes it (a report is never whole in memory). */
    static void write(Path target, AtomicFile.Content content) {
        try {
            AtomicFile.write(target, content);
        } catch (IOException e) {
            throw new UserError("cannot write " + target + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }
}
