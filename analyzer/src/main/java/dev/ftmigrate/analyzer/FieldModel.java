package dev.ftmigrate.analyzer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The interprocedural model of the extension's types: for every struct field, which entry points
 * write, replace, reallocate or free it (directly or through helpers) and which ones read it, with
 * no lock or critical section. Built once per extension from the per-function summaries: each
 * entry body is summarised once and indexed by field, so finding a field's writers is a lookup.
 */
public final class FieldModel {
    /**
     * Code Python runs on an object: a method, getter, setter or slot, or, for a thin wrapper in an
     * included header (Argument Clinic's), the function it delegates to.
     *
     * @param function the body (where a critical section would go)
     * @param entry    how Python reaches it
     * @param sites    its unprotected effects on objects passed to it, and on module state
     */
    public record Body(CFunction function, EntryPoint entry, List<FieldSite> sites) {
        /** True for tp_init: it runs again on a live object only when Python code calls __init__ explicitly. */
        public boolean init() { return entry.kind() == EntryPoint.Kind.CONSTRUCT; }

        /** CPython's generic member getter or setter (a PyMemberDef entry): no C code in the extension. */
        public boolean generic() { return function.node() == null; }
    }

    private final FieldSummaries summaries;
    private final List<Body> bodies = new ArrayList<>();
    private final Map<CFunction, List<Body>> bodiesOf = new HashMap<>();
    private final Map<String, List<Body>> writers = new HashMap<>();
    private final Map<String, List<Body>> memberReaders = new HashMap<>();

    FieldModel(ExtensionModel ext) {
        this.summaries = new FieldSummaries(ext, new StructTypes(ext.files()));
        Map<CFunction, Body> seen = new LinkedHashMap<>();
        for (EntryPoint e : ext.entryPoints()) {
            if (!objectEntry(e)) continue;
            for (CFunction b : bodies(ext, e)) {
                if (seen.containsKey(b)) continue;
                Body body = new Body(b, e, summaries.of(b));
                seen.put(b, body);
            }
        }
        for (Body b : seen.values()) {
            bodies.add(b);
            bodiesOf.computeIfAbsent(b.function(), k -> new ArrayList<>()).add(b);
            java.util.Set<String> keys = new java.util.HashSet<>();
            for (FieldSite s : b.sites()) {
                if (s.effect().writes() && keys.add(s.param() + " " + s.key())) writers.computeIfAbsent(s.key(), k -> new ArrayList<>()).add(b);
            }
        }
        // Fields exposed through PyMemberDef: CPython's generic setter writes them (unless READONLY), its getter reads them.
        for (MemberTables.Member m : MemberTables.of(ext.files(), types())) {
            String key = m.type() + "." + m.field();
            if (!m.readonly()) writers.computeIfAbsent(key, k -> new ArrayList<>()).add(MemberTables.body(m, true));
            memberReaders.computeIfAbsent(key, k -> new ArrayList<>()).add(MemberTables.body(m, false));
        }
    }

    public FieldSummaries summaries() { return summaries; }

    public StructTypes types() { return summaries.types(); }

    public List<Body> bodies() { return bodies; }

    /** The bodies that are {@code f} itself (empty when f is a helper or not an entry). */
    public List<Body> bodiesOf(CFunction f) { return bodiesOf.getOrDefault(f, List.of()); }

    /** Entry bodies that write the field (type.field), in model order. */
    public List<Body> writersOf(String key) { return writers.getOrDefault(key, List.of()); }

    /** CPython's generic getters of the field (every PyMemberDef entry exposing it), in model order. */
    public List<Body> memberReadersOf(String key) { return memberReaders.getOrDefault(key, List.of()); }

    /** The strongest write of {@code key} in a body: freed beats reallocated beats replaced beats written. */
    public static FieldSite strongestWrite(Body b, String key, boolean shared) {
        return b.sites().stream().filter(s -> s.key().equals(key) && s.effect().writes() && (s.param() == FieldSummaries.SHARED) == shared)
                .max(Comparator.comparing(FieldSite::effect)).orElse(null);
    }

    /** Methods, getters, setters, slots and tp_init: what Python runs on a live object. */
    private static boolean objectEntry(EntryPoint e) {
        if (e.kind() == EntryPoint.Kind.PYTHON) return !e.how().contains("PyModuleDef_Slot");
        return e.kind() == EntryPoint.Kind.CONSTRUCT && "tp_init".equals(e.slot());
    }

    /** The entry function, or the functions a wrapper in an included header hands its first argument to, unlocked. */
    private static List<CFunction> bodies(ExtensionModel ext, EntryPoint e) {
        CFunction fn = ext.function(e);
        if (fn == null) return List.of();
        FileModel m = ext.fileOf(fn);
        if (m == null || !m.includedFunctions().contains(fn) || fn.params().isEmpty()) return List.of(fn);
        List<CFunction> out = new ArrayList<>();
        FunctionScope scope = ext.scope(fn);
        for (CallSite c : ext.callsFrom(fn)) {
            if (c.target() == null || c.node().getArguments().length == 0) continue;
            if (!fn.params().get(0).equals(Ast.identifier(c.node().getArguments()[0]))) continue;
            if (Locks.held(scope, c.range().start())) continue;   // @critical_section: the wrapper already holds it
            out.add(c.target());
        }
        return out;
    }
}
