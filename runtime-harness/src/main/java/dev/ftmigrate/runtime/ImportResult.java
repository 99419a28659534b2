package dev.ftmigrate.runtime;

/**
 * Importing the module in a fresh process with warnings as errors.
 *
 * @param outcome {@link Outcome#PASS}, {@link Outcome#GIL_REENABLED}, {@link Outcome#IMPORT_ERROR} or {@link Outcome#CRASH}
 * @param module  the module name
 * @param ruleId  FT201/FT202 when the GIL came back, else null
 * @param message what happened
 * @param fix     how to fix it, when known
 */
public record ImportResult(Outcome outcome, String module, String ruleId, String message, String fix) {
    public boolean ok() { return outcome == Outcome.PASS; }
}
