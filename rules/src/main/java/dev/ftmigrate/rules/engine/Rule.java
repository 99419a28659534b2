package dev.ftmigrate.rules.engine;

import dev.ftmigrate.rules.RuleDescriptor;
import dev.ftmigrate.rules.RuleInfo;

/**
 * A rule: a small class annotated with {@link RuleInfo} that implements one or more of the
 * matcher interfaces ({@link CallRule}, {@link FieldRule}, {@link BinaryRule}, {@link FileRule}).
 * The engine walks each file once and hands every node to the rules that asked for its kind.
 */
public interface Rule {
    default RuleInfo info() {
        RuleInfo i = getClass().getAnnotation(RuleInfo.class);
        if (i == null) throw new IllegalStateException(getClass().getName() + " lacks @RuleInfo");
        return i;
    }

    default String id() { return info().id(); }

    default RuleDescriptor descriptor() { return RuleDescriptor.of(info()); }

    /** Whether the rule also runs on Cython-generated C (only FT601 does: that C is regenerated, not patched). */
    default boolean runsOnGeneratedCode() { return false; }

    /**
     * Whether the rule walks the trees of other files than the one it reports on (the field model):
     * then every file of the scan is parsed and kept until the rules have run, and a change to any
     * file invalidates every cached result (the link digest cannot yet describe what it reads).
     */
    default boolean wholeProgram() { return false; }
}
