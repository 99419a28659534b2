package dev.ftmigrate.rules.engine;

import dev.ftmigrate.rules.Fix;

/**
 * What a rule leaves beside a finding so that its fix can be planned later, by the fix stage,
 * once every finding of the file is known. Detection never runs it: a scan that reports no
 * fixes pays nothing for them.
 */
@FunctionalInterface
public interface FixRequest {
    /** @return the fix, an ADVICE fix saying why there is none, or null for no fix at all */
    Fix plan(FixContext fx);
}
