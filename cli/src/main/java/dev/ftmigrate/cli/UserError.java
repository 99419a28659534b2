package dev.ftmigrate.cli;

/** A mistake in the user's input (bad path, bad option value): printed as one line, exit 2. */
public final class UserError extends RuntimeException {
    public UserError(String message) { super(message); }
}
