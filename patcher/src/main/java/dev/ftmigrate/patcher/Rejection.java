package dev.ftmigrate.patcher;

import dev.ftmigrate.rules.Fix;

import java.util.Optional;

/**
 * A fix the engine did not apply, and why.
 *
 * @param fix      the refused fix
 * @param label    how to name it in a report (rule id and place, or the fix description)
 * @param reason   one readable sentence naming the edits involved
 * @param conflict the overlap that caused it, when that was the cause
 */
public record Rejection(Fix fix, String label, String reason, Optional<EditConflict> conflict) {
    @Override
    public String toString() {
        return label + ": " + reason;
    }
}
