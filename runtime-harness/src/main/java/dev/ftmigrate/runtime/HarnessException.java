package dev.ftmigrate.runtime;

import java.nio.file.Path;

/** A harness step that could not be carried out; carries the log file to look at when there is one. */
public class HarnessException extends RuntimeException {
    private final transient Path log;

    public HarnessException(String message) { this(message, null); }

    public HarnessException(String message, Path log) {
        super(log == null ? message : message + " (log: " + log + ")");
        this.log = log;
    }

    public Path log() { return log; }
}
