package dev.ftmigrate.rules.fix;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The states each converted variable may be in at one point of the ownership walk. A variable
 * is UNINIT until assigned, NULL, OWNED (holding our strong reference) or OTHER (released, or
 * holding something we must not release). A null environment stands for "unreachable".
 */
final class OwnershipEnv {
    enum State { UNINIT, NULL, OWNED, OTHER }

    private final Map<String, EnumSet<State>> m = new HashMap<>();

    OwnershipEnv copy() { OwnershipEnv e = new OwnershipEnv(); m.forEach((k, v) -> e.m.put(k, EnumSet.copyOf(v))); return e; }

    EnumSet<State> get(String v) { return m.getOrDefault(v, EnumSet.of(State.UNINIT)); }

    OwnershipEnv with(String v, EnumSet<State> s) { OwnershipEnv e = copy(); e.m.put(v, EnumSet.copyOf(s)); return e; }

    /** An immutable snapshot of the variables' states, for the facts the walk hands on. */
    Map<String, Set<State>> snapshot(Set<String> vars) {
        Map<String, Set<State>> out = new LinkedHashMap<>();
        for (String v : vars) out.put(v, Set.copyOf(get(v)));
        return java.util.Collections.unmodifiableMap(out);
    }

    /** Where two paths meet: a variable may be in any state either path left it in. */
    static OwnershipEnv join(OwnershipEnv a, OwnershipEnv b) {
        if (a == null) return b == null ? null : b.copy();
        if (b == null) return a.copy();
        OwnershipEnv e = a.copy();
        b.m.forEach((k, v) -> e.m.computeIfAbsent(k, x -> EnumSet.of(State.UNINIT)).addAll(v));
        for (String k : a.m.keySet()) if (!b.m.containsKey(k)) e.m.get(k).add(State.UNINIT);
        return e;
    }

    @Override public boolean equals(Object o) { return o instanceof OwnershipEnv e && e.m.equals(m); }

    @Override public int hashCode() { return m.hashCode(); }
}
