package dev.ftmigrate.rules;

/** safe: applied by default; review: applied only with --unsafe-fixes; advice: never applied. */
public enum FixSafety {
    SAFE, REVIEW, ADVICE;

    public String label() { return name().toLowerCase(java.util.Locale.ROOT); }
}
