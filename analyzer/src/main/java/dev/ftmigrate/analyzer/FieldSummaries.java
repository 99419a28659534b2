package dev.ftmigrate.analyzer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Per-function summaries of what a function does to the fields of the structs its parameters point
 * to ("reallocates `p->data`", "replaces `p->target`"), and to module state, directly or through
 * the helpers it calls. Each summary is computed once, from the linked {@link FieldFacts} (no parse
 * tree); a caller maps its callees' parameter effects onto its own arguments, so helpers count in
 * their callers. Accesses under a lock, a critical section or an atomic are left out: they are not
 * the hazard.
 */
public final class FieldSummaries {
    /** Module state: one per module, shared by every thread. */
    public static final int SHARED = -1;
    private static final FieldEffect[] EFFECTS = FieldEffect.values();

    private record Owner(int param, String type) {}

    /** What the summaries read of the link: each function's facts and how a call resolves. */
    interface Functions {
        LinkedFunction function(int id);

        FieldFacts.Fn facts(int id);

        /** The function {@code name} denotes when called from file {@code relPath}, or -1. */
        int resolve(String relPath, String name);
    }

    private final Functions fns;
    private final StructTypes types;
    private final Map<Integer, List<FieldSite>> memo = new HashMap<>();
    private final Set<String> indexed = new HashSet<>();
    /** Sites ("relPath:offset") that only compare a field with NULL, and are the only read of it in their function. */
    private final Set<String> nullTests = new HashSet<>();
    private final Set<Integer> inProgress = new HashSet<>();

    FieldSummaries(Functions fns, StructTypes types) {
        this.fns = fns;
        this.types = types;
    }

    public StructTypes types() { return types; }

    FieldFacts.Fn facts(int id) { return fns.facts(id); }

    /** The site only compares the field with NULL (see {@link FieldFacts#NULL_TEST}). */
    synchronized boolean nullTest(FieldSite s) {
        return s.effect() == FieldEffect.READ && s.via().isEmpty() && nullTests.contains(s.function().relPath() + ":" + s.range().start());
    }

    /** Fields (type.path) some summarised function reads as an index, a bound or a length. */
    synchronized boolean indexed(String key) { return indexed.contains(key); }

    /** The unprotected field effects of function {@code id}: direct ones (empty {@code via}) first met, then through calls. */
    synchronized List<FieldSite> of(int id) {
        List<FieldSite> done = memo.get(id);
        if (done != null) return done;
        if (!inProgress.add(id)) return List.of();   // recursion: the cycle's own effects are already counted once
        List<FieldSite> out = List.copyOf(compute(id).values());
        inProgress.remove(id);
        memo.put(id, out);
        return out;
    }

    private Map<String, FieldSite> compute(int id) {
        Map<String, FieldSite> sites = new LinkedHashMap<>();
        FieldFacts.Fn ff = fns.facts(id);
        LinkedFunction f = fns.function(id);
        if (ff == null || !ff.body()) return sites;
        Map<Integer, List<FieldFacts.Held>> heldAt = ff.locks() ? new HashMap<>() : null;
        for (FieldFacts.Event e : ff.events()) {
            if (heldAt != null) heldAt.putIfAbsent(e.start(), e.held());
            TextRange at = new TextRange(e.start(), e.end());
            switch (e.kind()) {
                case FieldFacts.REF -> fieldRef(e, ff, f, at, sites);
                case FieldFacts.SIZE -> {
                    Owner o = owner(e.owner(), ff, f, 0);
                    if (o != null) add(sites, new FieldSite(o.type(), "ob_size", e.amp() ? FieldEffect.WRITE : FieldEffect.READ,
                            o.param(), f, at, List.of(), false));
                }
                default -> call(e, ff, f, id, at, sites);
            }
        }
        if (heldAt != null) {
            sites.values().removeIf(s -> heldAt.getOrDefault(s.range().start(), List.of()).stream()
                    .anyMatch(h -> covers(h, s.param(), ff, f)));
        }
        return sites;
    }

    /** A mutex serialises everything it guards; a critical section only its own objects (not module state, not another argument). */
    private boolean covers(FieldFacts.Held lock, int param, FieldFacts.Fn ff, LinkedFunction f) {
        if (lock.mutex()) return true;
        if (param == SHARED) return false;
        for (int i = 0; i < lock.args().size(); i++) {
            Owner o = owner(lock.args().get(i), ff, f, 0);
            if (o != null ? o.param() == param : param < f.params().size() && f.params().get(param).equals(lock.ids().get(i))) return true;
        }
        return false;
    }

    private void fieldRef(FieldFacts.Event e, FieldFacts.Fn ff, LinkedFunction f, TextRange at, Map<String, FieldSite> sites) {
        Owner o = owner(e.owner(), ff, f, 0);
        if (o == null) return;
        boolean pointer = types.pointer(o.type(), e.field());
        boolean flag = e.shape() == FieldFacts.FLAG_WRITE && !pointer && !e.nested();
        if (e.shape() == FieldFacts.INDEX_READ) indexed.add(o.type() + "." + e.field());
        if (e.shape() == FieldFacts.NULL_TEST && e.mode() == FieldFacts.READ) nullTests.add(f.relPath() + ":" + at.start());
        FieldEffect eff = switch (e.mode()) {
            case FieldFacts.ASSIGN -> e.resize() ? FieldEffect.RESIZE : flag ? FieldEffect.FLAG
                    : e.nested() || !pointer ? FieldEffect.WRITE : FieldEffect.REPLACE;
            case FieldFacts.RMW -> flag ? FieldEffect.FLAG : FieldEffect.RMW;
            case FieldFacts.ARG -> target(f.relPath(), e.callee()) >= 0 ? null : EFFECTS[e.fallback()];
            default -> FieldEffect.READ;
        };
        // Handed to a function with a summary: the call carries it; a pointer handed over by value is at least read here.
        if (eff == null) {
            if (!e.amp()) add(sites, new FieldSite(o.type(), e.field(), FieldEffect.READ, o.param(), f, at, List.of(), pointer));
            return;
        }
        add(sites, new FieldSite(o.type(), e.field(), eff, o.param(), f, at, List.of(), pointer));
    }

    private void call(FieldFacts.Event e, FieldFacts.Fn ff, LinkedFunction f, int id, TextRange at, Map<String, FieldSite> sites) {
        int target = target(f.relPath(), e.callee());
        if (target < 0 || target == id) return;
        List<FieldSite> theirs = of(target);
        if (theirs.isEmpty()) return;
        List<FieldFacts.Arg> args = e.args();
        Owner[] direct = new Owner[args.size()];
        Owner[] through = new Owner[args.size()];
        for (int j = 0; j < args.size(); j++) {
            direct[j] = owner(args.get(j).direct(), ff, f, 0);
            if (direct[j] == null && args.get(j).through() != null) through[j] = owner(args.get(j).through(), ff, f, 0);
        }
        String name = fns.function(target).name();
        for (FieldSite s : theirs) {
            List<String> via = new ArrayList<>();
            via.add(name);
            via.addAll(s.via());
            int p = s.param();
            if (p == SHARED) {
                add(sites, new FieldSite(s.type(), s.field(), s.effect(), SHARED, f, at, via, s.pointer()));
            } else if (p < args.size() && direct[p] != null) {
                add(sites, new FieldSite(s.type(), s.field(), s.effect(), direct[p].param(), f, at, via, s.pointer()));
            } else if (p < args.size() && through[p] != null && (args.get(p).embedded() || !types.isObject(s.type()))) {
                // `&x->f` (an embedded struct) or `x->f` pointing to a plain struct the object owns: the helper changes
                // x's own state, at the member it names (`f.items`). A field pointing to another Python object is that
                // object's state, not x's.
                Owner o = through[p];
                String field = args.get(p).throughField() + "." + s.field();
                add(sites, new FieldSite(o.type(), field, s.effect(), o.param(), f, at, via, s.pointer()));
            }
        }
    }

    /** The function a call reaches when it has a body (and so a summary), else -1. */
    private int target(String rel, String callee) {
        int t = fns.resolve(rel, callee);
        return t >= 0 && fns.facts(t) != null && fns.facts(t).body() ? t : -1;
    }

    /** Which parameter's object (or module state) an expression denotes, with its struct type; null when neither. */
    private Owner owner(FieldFacts.Own own, FieldFacts.Fn ff, LinkedFunction f, int depth) {
        if (own == null || own.name() == null) return null;
        String castType = null;
        for (String c : own.casts()) {
            castType = types.known(c);
            if (castType != null) break;
        }
        FieldFacts.Var v = ff.vars().get(own.name());
        if (v == null) return null;
        String declared = types.known(v.struct());
        String type = castType != null ? castType : declared;
        if (type != null && types.isModuleState(type)) return new Owner(SHARED, type);
        if (v.param()) return type == null ? null : new Owner(v.index(), type);
        if (!v.local() || depth > 2) return null;
        // A local that only ever holds a parameter (`Foo *self = (Foo *)op;`) is that parameter.
        Owner found = null;
        for (FieldFacts.Own a : v.assigns()) {
            Owner o = owner(a, ff, f, depth + 1);
            if (o == null || o.param() < 0 || (found != null && found.param() != o.param())) return null;
            found = o;
        }
        if (found == null) return null;
        String t = type != null ? type : found.type();
        return t == null ? null : new Owner(found.param(), t);
    }

    /** One site per parameter, field and effect: the first met. A second read means the first no longer stands alone. */
    private void add(Map<String, FieldSite> sites, FieldSite s) {
        FieldSite first = sites.putIfAbsent(s.param() + " " + s.key() + " " + s.effect(), s);
        if (first != null && s.effect() == FieldEffect.READ && !first.range().equals(s.range())) {
            nullTests.remove(first.function().relPath() + ":" + first.range().start());
        }
    }
}
