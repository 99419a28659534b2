package dev.ftmigrate.runtime;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * One repetition (one process).
 *
 * @param index    1-based
 * @param outcome  what it ended with
 * @param seconds  wall time of the process
 * @param exitCode the process exit code (128+N for signal N), -1 when killed on timeout
 * @param signal   the signal number for crashes, else 0
 * @param message  one line: the assertion message, exception, signal or race location
 * @param detail   Python traceback, faulthandler dump or stderr tail
 * @param races    ThreadSanitizer reports (TSan runs only)
 */
@JsonPropertyOrder({"index", "outcome", "seconds", "exitCode", "signal", "message", "detail", "races"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Repetition(int index, Outcome outcome, double seconds, int exitCode, int signal, String message,
                         String detail, List<TsanReport> races) {
    public boolean passed() { return outcome == Outcome.PASS; }
}
