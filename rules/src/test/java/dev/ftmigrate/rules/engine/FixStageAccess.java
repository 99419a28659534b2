package dev.ftmigrate.rules.engine;

import dev.ftmigrate.rules.Fix;
import dev.ftmigrate.rules.RuleDescriptor;

/** Test access to the fix stage's package-private cap. */
public final class FixStageAccess {
    private FixStageAccess() {}

    public static Fix capped(Fix fix, RuleDescriptor rule) { return FixStage.capped(fix, rule); }
}
