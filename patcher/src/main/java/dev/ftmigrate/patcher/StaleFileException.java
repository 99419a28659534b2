package dev.ftmigrate.patcher;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Thrown before anything is written when a file no longer has the bytes it had at scan time. */
public final class StaleFileException extends IOException {
    private final List<Path> stale;

    public StaleFileException(List<Path> stale, List<String> messages) {
        super(String.join("\n", messages) + "\nNothing was written.");
        this.stale = List.copyOf(stale);
    }

    /** The files that changed (or vanished) since the scan. */
    public List<Path> stale() { return stale; }
}
