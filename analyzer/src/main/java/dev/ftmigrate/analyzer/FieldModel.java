package dev.ftmigrate.analyzer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The interprocedural model of the extension's types: for every struct field, which entry points
 * write, replace, reallocate or free it (directly or through helpers) and which ones read it, with
 * no lock or critical section. Linked from every file's {@link FieldFacts}, without parse trees:
 * each function is summarised once, in link order (so the result never depends on which file a
 * rule asks first), and entry bodies are indexed by field, so finding a field's writers is a lookup.
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
    public record Body(LinkedFunction function, EntryPoint entry, List<FieldSite> sites) {
        /** Equal bodies have equal functions and entries: hashing those leaves out the sites, whose hash was most of a writer lookup. */
        @Override
        public int hashCode() { return 31 * java.util.Objects.hashCode(function) + java.util.Objects.hashCode(entry); }

        /** True for tp_init: it runs again on a live object only when Python code calls __init__ explicitly. */
        public boolean init() { return entry.kind() == EntryPoint.Kind.CONSTRUCT; }

        /** CPython's generic member getter or setter (a PyMemberDef entry): no C code in the extension. */
        public boolean generic() { return function.id() < 0; }
    }

    private final ExtensionModel ext;
    private final FieldSummaries summaries;
    private final List<Body> bodies = new ArrayList<>();
    private final Map<Integer, List<Body>> bodiesOf = new HashMap<>();
    /** Bodies by the file that defines them, in model order: a file's rules look at its own (a scan over all per file is quadratic). */
    private final Map<String, List<Body>> bodiesIn = new HashMap<>();
    private final TreeMap<String, List<Body>> writers = new TreeMap<>();
    private final TreeMap<String, List<Body>> memberReaders = new TreeMap<>();
    /** What the rules work out from the finished model, once per key per scan: see {@link #derived}. */
    private final Map<Object, Object> derived = new java.util.concurrent.ConcurrentHashMap<>();

    /** @param facts every linked file's field facts by relative path (a file without them contributes nothing) */
    FieldModel(ExtensionModel ext, Map<String, FieldFacts> facts, List<String> linkOrder) {
        this.ext = ext;
        List<FieldFacts.Types> types = new ArrayList<>();
        for (String rel : linkOrder) if (facts.containsKey(rel)) types.add(facts.get(rel).types());
        this.summaries = new FieldSummaries(new FieldSummaries.Functions() {
            @Override public LinkedFunction function(int id) { return ext.linked(id); }

            @Override public FieldFacts.Fn facts(int id) {
                LinkedFunction f = ext.linked(id);
                FieldFacts ff = facts.get(f.relPath());
                return ff == null || f.index() >= ff.functions().size() ? null : ff.functions().get(f.index());
            }

            @Override public int resolve(String relPath, String name) { return ext.resolveIndex(relPath, name); }
        }, new StructTypes(types));
        Map<Integer, Body> seen = new LinkedHashMap<>();
        for (EntryPoint e : ext.entryPoints()) {
            if (!objectEntry(e)) continue;
            for (int b : bodies(e)) {
                if (seen.containsKey(b)) continue;
                seen.put(b, new Body(ext.linked(b), e, summaries.of(b)));
            }
        }
        for (Map.Entry<Integer, Body> e : seen.entrySet()) {
            Body b = e.getValue();
            bodies.add(b);
            bodiesOf.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(b);
            bodiesIn.computeIfAbsent(b.function().relPath(), k -> new ArrayList<>()).add(b);
            Set<String> keys = new HashSet<>();
            for (FieldSite s : b.sites()) {
                if (s.effect().writes() && keys.add(s.param() + " " + s.key())) writers.computeIfAbsent(s.key(), k -> new ArrayList<>()).add(b);
            }
        }
        // Fields exposed through PyMemberDef: CPython's generic setter writes them (unless READONLY), its getter reads them.
        for (String rel : linkOrder) {
            FieldFacts ff = facts.get(rel);
            if (ff == null) continue;
            for (FieldFacts.Member m : ff.members()) {
                if (!types().isObject(m.type())) continue;
                String key = m.type() + "." + m.field();
                if (!m.readonly()) writers.computeIfAbsent(key, k -> new ArrayList<>()).add(MemberTables.body(m, rel, true));
                memberReaders.computeIfAbsent(key, k -> new ArrayList<>()).add(MemberTables.body(m, rel, false));
            }
        }
        // Every other summary now, in link order: a recursive cycle is cut at the same place whatever a rule asks first.
        for (int id = 0; id < ext.linkedCount(); id++) summaries.of(id);
    }

    public StructTypes types() { return summaries.types(); }

    public List<Body> bodies() { return bodies; }

    /** The bodies defined in one file (relative path), in model order. */
    public List<Body> bodiesIn(String relPath) { return bodiesIn.getOrDefault(relPath, List.of()); }

    /** The unprotected field effects of a registered function, directly and through the helpers it calls. */
    public List<FieldSite> sitesOf(CFunction f) { return summaries.of(ext.idOf(f)); }

    /** The bodies that are {@code f} itself (empty when f is a helper or not an entry). */
    public List<Body> bodiesOf(CFunction f) { return bodiesOf.getOrDefault(ext.idOf(f), List.of()); }

    /**
     * Entry bodies that write the field (type.field) or memory it shares: the embedded struct holding it
     * (`T.ctx` for `T.ctx.emin`) or a member inside it. The field's own writers first, in model order.
     */
    public List<Body> writersOf(String key) { return derived(new Writers(key), () -> relatedBodies(writers, key)); }

    /** CPython's generic getters of the field (every PyMemberDef entry exposing it), in model order. */
    public List<Body> memberReadersOf(String key) { return derived(new Readers(key), () -> relatedBodies(memberReaders, key)); }

    private record Writers(String key) {}
    private record Readers(String key) {}
    private record Flag(String key) {}

    /**
     * A value worked out from this model alone, computed on first use and then shared by every file's rules: the
     * model does not change once built. Each access of a field asking again for its writers and their sites made
     * a scan grow with accesses x writers x sites (37% of the whole CPython tree's CPU went to one such lookup).
     * {@code key} must be a value (a record) naming what is computed; {@code compute} must not return null.
     */
    @SuppressWarnings("unchecked")
    public <T> T derived(Object key, java.util.function.Supplier<T> compute) {
        Object v = derived.get(key);
        if (v == null) {
            v = compute.get();   // outside the map's lock: a computation may ask for other derived values
            Object prev = derived.putIfAbsent(key, v);
            if (prev != null) v = prev;
        }
        return (T) v;
    }

    /**
     * Two fields on the same memory: the same member path, or one a member inside the other
     * ({@code T.ctx} holds {@code T.ctx.emin}, a sibling {@code T.ctx.flags} is other memory).
     */
    public static boolean related(String a, String b) {
        return a.equals(b) || (a.startsWith(b) && a.charAt(b.length()) == '.') || (b.startsWith(a) && b.charAt(a.length()) == '.');
    }

    private static List<Body> relatedBodies(TreeMap<String, List<Body>> map, String key) {
        Set<Body> out = new LinkedHashSet<>(map.getOrDefault(key, List.of()));
        int typeEnd = key.indexOf('.');
        for (int i = key.indexOf('.', typeEnd + 1); i > 0; i = key.indexOf('.', i + 1)) out.addAll(map.getOrDefault(key.substring(0, i), List.of()));
        for (List<Body> inner : map.subMap(key + ".", key + "/").values()) out.addAll(inner);
        return List.copyOf(out);
    }

    /** The strongest write of {@code key} (or memory it shares) in a body: freed beats reallocated beats replaced beats written. */
    public static FieldSite strongestWrite(Body b, String key, boolean shared) {
        return b.sites().stream().filter(s -> related(s.key(), key) && s.effect().writes() && (s.param() == FieldSummaries.SHARED) == shared)
                .max(Comparator.comparing(FieldSite::effect)).orElse(null);
    }

    /**
     * A flag: every run-time write of the field (and of memory it shares) stores a constant or ORs/ANDs bits
     * into a scalar, and no function reads it as an index, bound or length. Racing on it loses at most one
     * flag update: a relaxed atomic is the fix, not a critical section.
     */
    /**
     * Every one of these sites only compares the field with NULL: a race gives the reader a stale
     * answer, not freed memory (a getter of {@code o->buf != NULL}).
     */
    public boolean nullTestsOnly(java.util.Collection<FieldSite> uses) {
        return !uses.isEmpty() && uses.stream().allMatch(summaries::nullTest);
    }

    public boolean flagOnly(String key) { return derived(new Flag(key), () -> computeFlagOnly(key)); }

    private boolean computeFlagOnly(String key) {
        boolean any = false;
        for (Body w : writersOf(key)) {
            if (w.init()) continue;
            for (FieldSite s : w.sites()) {
                if (!related(s.key(), key) || !s.effect().writes()) continue;
                if (s.effect() != FieldEffect.FLAG || s.pointer()) return false;
                any = true;
            }
        }
        if (!any) return false;
        if (summaries.indexed(key)) return false;
        int typeEnd = key.indexOf('.');
        for (int i = key.indexOf('.', typeEnd + 1); i > 0; i = key.indexOf('.', i + 1)) if (summaries.indexed(key.substring(0, i))) return false;
        return true;
    }

    /**
     * Everything the field rules can read about the functions of {@code relPath} from other files:
     * their summaries, the bodies they are, and for each field they touch, every writer body's
     * sites on it. Cached results of the file stay valid while this is unchanged.
     */
    public String digest(String relPath, int first, int count) {
        StringBuilder sb = new StringBuilder();
        Set<String> keys = new TreeSet<>();
        for (int id = first; id < first + count; id++) {
            sb.append("fn ").append(id - first).append('\n');
            for (FieldSite s : summaries.of(id)) {
                site(sb, s);
                keys.add(s.key());
                sb.append(types().isObject(s.type()) ? " object\n" : "\n");
            }
            for (Body b : bodiesOf.getOrDefault(id, List.of())) body(sb.append("body "), b);
        }
        for (String key : keys) {
            sb.append("key ").append(key).append('\n');
            for (Body w : writersOf(key)) {
                body(sb.append("writer "), w);
                for (FieldSite s : w.sites()) if (related(s.key(), key)) site(sb, s);
            }
        }
        return sb.toString();
    }

    private static void body(StringBuilder sb, Body b) {
        LinkedFunction f = b.function();
        EntryPoint e = b.entry();
        sb.append(f.relPath()).append('#').append(f.index()).append(' ').append(f.name()).append(' ').append(f.included()).append(' ')
                .append(e.function()).append('|').append(e.kind()).append('|').append(e.how()).append('|').append(e.slot()).append('\n');
    }

    private static void site(StringBuilder sb, FieldSite s) {
        sb.append(' ').append(s.param()).append(' ').append(s.key()).append(' ').append(s.effect()).append(' ').append(s.range())
                .append(' ').append(s.how()).append(' ').append(s.pointer()).append(' ').append(s.function().relPath());
    }

    /** Methods, getters, setters, slots and tp_init: what Python runs on a live object. */
    private static boolean objectEntry(EntryPoint e) {
        if (e.kind() == EntryPoint.Kind.PYTHON) return !e.how().contains("PyModuleDef_Slot");
        return e.kind() == EntryPoint.Kind.CONSTRUCT && "tp_init".equals(e.slot());
    }

    /** The entry function, or the functions a wrapper in an included header hands its first argument to, unlocked. */
    private List<Integer> bodies(EntryPoint e) {
        int fn = ext.resolveIndex(e.relPath(), e.function());
        if (fn < 0) return List.of();
        LinkedFunction f = ext.linked(fn);
        if (!f.included() || f.params().isEmpty()) return List.of(fn);
        FieldFacts.Fn ff = summariesFacts(fn);
        List<Integer> out = new ArrayList<>();
        for (FieldFacts.Delegate d : ff == null ? List.<FieldFacts.Delegate>of() : ff.delegates()) {
            int t = ext.resolveIndex(f.relPath(), d.callee());
            if (t < 0 || d.held()) continue;   // @critical_section: the wrapper already holds it
            out.add(t);
        }
        return out;
    }

    private FieldFacts.Fn summariesFacts(int id) { return summaries.facts(id); }
}
