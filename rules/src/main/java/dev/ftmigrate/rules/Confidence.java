package dev.ftmigrate.rules;

/** How sure a rule is that the site is a real hazard; mapped to the SARIF level of the result. */
public enum Confidence {
    HIGH, MEDIUM, LOW;

    public String label() { return name().toLowerCase(java.util.Locale.ROOT); }
}
