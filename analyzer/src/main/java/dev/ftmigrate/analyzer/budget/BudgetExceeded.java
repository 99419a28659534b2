package dev.ftmigrate.analyzer.budget;

/**
 * Thrown (as an Error, so that no parser catch block swallows it) when a file used up its budget; the
 * scan abandons that file with a warning carrying this message and goes on with the others.
 */
public final class BudgetExceeded extends Error {
    public BudgetExceeded(String message) {
        super(message, null, false, false);
    }
}
