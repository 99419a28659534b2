package dev.ftmigrate.rules;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A rule's metadata, kept on its class (as Error Prone's @BugPattern); the docs are generated from it. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface RuleInfo {
    String id();
    String name();
    String summary();
    /** Why this matters once the GIL is gone. */
    String rationale();
    /** Family, e.g. "object internals", "module declaration", "borrowed references". */
    String category();
    Level level() default Level.WARNING;
    /** A short C example of the hazard. */
    String example();
    /** The same example after the recommended change. */
    String fixedExample();
    String fixHint();
    FixSafety fixSafety();
    /** First CPython version with the recommended API, e.g. "3.13". */
    String sinceCPython();
    /** Off unless --select names the rule by its full id: for rules whose precision on real code is still low. */
    boolean optIn() default false;
}
