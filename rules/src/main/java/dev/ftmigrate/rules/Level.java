package dev.ftmigrate.rules;

/** SARIF result levels, ordered from most to least severe. */
public enum Level {
    ERROR, WARNING, NOTE;

    public String sarif() { return name().toLowerCase(java.util.Locale.ROOT); }

    /** True when this level is at least as severe as {@code threshold}. */
    public boolean atLeast(Level threshold) { return ordinal() <= threshold.ordinal(); }
}
