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
     * Whether the rule reads the field model ({@code extension().fields()}): then the scan extracts
     * each file's field facts and a file's cached results are also keyed on what the field model
     * says about its functions ({@code ExtensionModel.fieldDigest}).
     */
    default boolean fieldModel() { return false; }
}
