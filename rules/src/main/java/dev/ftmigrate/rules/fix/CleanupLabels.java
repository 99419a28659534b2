package dev.ftmigrate.rules.fix;

import org.eclipse.cdt.core.dom.ast.IASTLabelStatement;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The gotos of one walk by label: the states they carry there, and which variables a label still
 * ahead releases itself (a top-level label releases the function-level variables for every goto
 * that reaches it, as a maintainer's single cleanup block would).
 */
final class CleanupLabels {
    private final BorrowedLocals fn;
    private final Map<String, List<OwnershipEnv>> gotoEnvs = new HashMap<>();
    private final Set<String> labelsSeen = new HashSet<>();

    CleanupLabels(BorrowedLocals fn) { this.fn = fn; }

    /** A goto (or a new error exit) to {@code label} leaving with these states. */
    void jump(String label, OwnershipEnv env) { gotoEnvs.computeIfAbsent(label, k -> new ArrayList<>()).add(env.copy()); }

    /** True when {@code label} is a top-level label not yet reached that will release {@code v} itself. */
    boolean releases(String label, String v) {
        IASTLabelStatement l = fn.topLabels.get(label);
        return l != null && !labelsSeen.contains(label) && fn.vars().get(v).block() == fn.body;
    }

    Set<String> releasedBy(String label, Set<String> vars) {
        Set<String> out = new LinkedHashSet<>();
        for (String v : vars) if (releases(label, v)) out.add(v);
        return out;
    }

    /** The states at the label: every goto to it joined with the fall-through (null: unreachable). */
    OwnershipEnv arrive(String label, OwnershipEnv fallThrough) {
        List<OwnershipEnv> incoming = new ArrayList<>(gotoEnvs.getOrDefault(label, List.of()));
        if (fallThrough != null) incoming.add(fallThrough);
        labelsSeen.add(label);
        OwnershipEnv in = null;
        for (OwnershipEnv e : incoming) in = OwnershipEnv.join(in, e);
        return in;
    }
}
