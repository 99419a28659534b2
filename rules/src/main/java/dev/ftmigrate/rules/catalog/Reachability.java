package dev.ftmigrate.rules.catalog;

import dev.ftmigrate.analyzer.CFunction;
import dev.ftmigrate.analyzer.EntryPoint;
import dev.ftmigrate.analyzer.ExtensionModel;
import dev.ftmigrate.rules.Confidence;
import dev.ftmigrate.rules.engine.RuleContext;

/** How the shared-state rules phrase and rank "other threads can run this". */
final class Reachability {
    private Reachability() {}

    /** Runtime-reachable code keeps the rule's confidence; code no entry point was seen to reach drops to low. */
    static Confidence confidence(RuleContext ctx, CFunction fn, Confidence whenReached) {
        return ctx.extension().reach(fn) == ExtensionModel.Reach.RUNTIME ? whenReached : Confidence.LOW;
    }

    /** "reached from Python via method `record` of racy_counter_methods" or a hedge when unknown. */
    static String phrase(RuleContext ctx, CFunction fn) {
        EntryPoint e = ctx.extension().entryFor(fn);
        if (e == null) return "in " + fn.name() + "(), which no entry point was seen to call (it may be reached through a pointer)";
        String via = e.function().equals(fn.name()) ? "" : " through " + e.function() + "()";
        return "in " + fn.name() + "(), reached from Python" + via + " as " + e.how();
    }

    /** True when the function only runs while the module is being initialised. */
    static boolean initOnly(RuleContext ctx, CFunction fn) {
        return ctx.extension().reach(fn) == ExtensionModel.Reach.INIT_ONLY;
    }
}
