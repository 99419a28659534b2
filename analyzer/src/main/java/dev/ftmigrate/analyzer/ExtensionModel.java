package dev.ftmigrate.analyzer;

import org.eclipse.cdt.core.dom.ast.IASTInitializerClause;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The whole extension: every scanned file's {@link FileFacts} linked into one call graph across
 * files (functions by name, static ones scoped to their file), entry points, reachability from them,
 * lock facts and frozen containers. The link needs no parse tree, so files whose facts come from a
 * cache take part without being parsed; a file being analysed is {@link #register registered} so
 * rules can ask about its functions.
 */
public final class ExtensionModel {
    /** How a function can run: after the module is shared, only while no other thread can use the module (initialisation, GC traversal, module teardown: {@link EntryPoint#runtime}), or never seen called. */
    public enum Reach { RUNTIME, INIT_ONLY, UNREACHED }

    /** One step of evidence: where the path enters or calls on. */
    public record Step(String relPath, TextRange range, String message) {}

    /** A function of the link: its file and its facts. */
    private record Node(String relPath, FileFacts.Fn fn) {}

    private record Call(int caller, String callee, int target, TextRange range, boolean held, List<Integer> argParams) {}

    private final boolean precise;
    private final Scopes scopes;
    private final List<Node> nodes = new ArrayList<>();
    private final Map<String, Integer> globalFunctions = new HashMap<>();
    /** Static functions by file, then name (no key built per lookup: the link resolves every call). */
    private final Map<String, Map<String, Integer>> staticFunctions = new HashMap<>();
    /** For a .c file that another scanned file includes: that includer. */
    private final Map<String, String> includerOf = new HashMap<>();
    private final Map<String, Integer> firstOfFile = new HashMap<>();
    private final Map<String, SourceFile> sources;
    private final List<EntryPoint> entries = new ArrayList<>();
    private final List<Integer> entryFunctions = new ArrayList<>();
    private final Map<Integer, List<EntryPoint>> entriesByFunction = new HashMap<>();
    private final List<List<Call>> callsFrom = new ArrayList<>();
    private final Map<Integer, List<Call>> callsTo = new HashMap<>();
    private final Map<Integer, Call> runtimeParent = new HashMap<>();
    private final BitSet runtime = new BitSet(), init = new BitSet(), calledLocked = new BitSet();
    private final ContainerUses containers = new ContainerUses();
    private final Map<CFunction, Integer> ids = new ConcurrentHashMap<>();
    private final Map<CFunction, FileModel> fileOf = new ConcurrentHashMap<>();
    private final Map<CFunction, List<StaticAccess>> staticAccesses = new ConcurrentHashMap<>();
    private final PrivateParams privateParams = new PrivateParams(new PrivateParams.Graph() {
        @Override public boolean isEntry(int fn) { return entriesByFunction.containsKey(fn); }

        @Override public List<String> params(int fn) { return nodes.get(fn).fn().params(); }

        @Override public List<int[]> callers(int fn, int i) {
            List<int[]> out = new ArrayList<>();
            for (Call c : callsTo.getOrDefault(fn, List.of())) out.add(new int[]{c.caller, i < c.argParams.size() ? c.argParams.get(i) : -1});
            return out;
        }
    });
    private final Map<String, FieldFacts> fieldFacts;
    private final List<String> linkOrder = new ArrayList<>();
    private FieldModel fieldModel;
    private final Map<String, List<ExternGlobals.Def>> globals = new HashMap<>();
    private final Map<String, List<String>> externs = new HashMap<>();

    private ExtensionModel(List<FileFacts> files, Map<String, FieldFacts> fields, Map<String, SourceFile> sources, boolean precise, Scopes scopes) {
        this.precise = precise;
        this.scopes = scopes;
        this.sources = Map.copyOf(sources);
        this.fieldFacts = Map.copyOf(fields);
        for (FileFacts f : files) {
            firstOfFile.put(f.relPath(), nodes.size());
            linkOrder.add(f.relPath());
            for (FileFacts.Fn fn : f.functions()) {
                int id = nodes.size();
                nodes.add(new Node(f.relPath(), fn));
                callsFrom.add(new ArrayList<>());
                if (fn.isStatic()) staticFunctions.computeIfAbsent(f.relPath(), k -> new HashMap<>()).putIfAbsent(fn.name(), id);
                else globalFunctions.putIfAbsent(fn.name(), id);
            }
        }
        unityBuilds(files);
        for (FileFacts f : files) {
            for (FileFacts.Global g : f.globals()) globals.computeIfAbsent(g.name(), k -> new ArrayList<>()).add(new ExternGlobals.Def(f.relPath(), g));
            externs.put(f.relPath(), f.externs());
        }
        for (FileFacts f : files) {
            for (FileFacts.Entry e : f.entries()) addEntry(f.relPath(), e.function(), e.kind(), e.how(), e.slot(), new TextRange(e.start(), e.end()));
            for (FileFacts.Ref r : f.references()) {
                addEntry(f.relPath(), r.name(), EntryPoint.Kind.CALLBACK, "callback: its address is taken here", null, new TextRange(r.start(), r.end()));
            }
        }
        for (FileFacts f : files) {
            int base = firstOfFile.get(f.relPath());
            for (FileFacts.Call c : f.calls()) {
                Integer target = resolveId(f.relPath(), c.callee());
                Call call = new Call(base + c.caller(), c.callee(), target == null ? -1 : target, new TextRange(c.start(), c.end()), c.held(), c.argParams());
                callsFrom.get(call.caller).add(call);
                if (target != null) callsTo.computeIfAbsent(target, k -> new ArrayList<>()).add(call);
            }
        }
        reach();
        computeCalledLocked();
        for (FileFacts f : files) {
            int base = firstOfFile.get(f.relPath());
            for (FileFacts.Uses u : f.uses()) containers.add(u, reach(base + u.function()) != Reach.INIT_ONLY);
        }
    }

    static List<CFunction> allFunctions(FileModel m) {
        if (m.includedFunctions().isEmpty()) return m.functions();
        List<CFunction> all = new ArrayList<>(m.functions());
        all.addAll(m.includedFunctions());
        return all;
    }

    /** One file's contribution to the link (what a scan cache keeps for it). */
    public static FileFacts facts(FileModel m, Scopes scopes) { return FactsBuilder.of(m, scopes::of); }

    /** One file's contribution to the field model (what a scan cache keeps beside its {@link FileFacts}). */
    public static FieldFacts fieldFacts(FileModel m, Scopes scopes) { return FieldFactsBuilder.of(m, scopes); }

    /**
     * Links the facts of every file; register the parsed files before asking about their functions.
     *
     * @param fields the files' field facts by relative path (empty when no rule reads the field model)
     */
    public static ExtensionModel link(List<FileFacts> files, Map<String, FieldFacts> fields, Map<String, SourceFile> sources,
                                      boolean precise, Scopes scopes) {
        ExtensionModel ext = new ExtensionModel(files, fields, sources, precise, scopes);
        scopes.privateParams(ext::privateParam);
        return ext;
    }

    public static ExtensionModel build(List<FileModel> files) { return build(files, true); }

    /**
     * With {@code precise} false the sharing analysis is off: every function counts as reachable at
     * run time and every container as shared (what a grep-level linter reports), for comparisons.
     */
    public static ExtensionModel build(List<FileModel> files, boolean precise) {
        Scopes scopes = new Scopes();
        List<FileFacts> facts = new ArrayList<>();
        Map<String, FieldFacts> fields = new HashMap<>();
        Map<String, SourceFile> sources = new HashMap<>();
        for (FileModel m : files) {
            facts.add(facts(m, scopes));
            fields.put(m.source().relPath(), fieldFacts(m, scopes));
            sources.put(m.source().relPath(), m.source());
        }
        ExtensionModel ext = link(facts, fields, sources, precise, scopes);
        files.forEach(ext::register);
        return ext;
    }

    /** Makes a parsed file's functions known (its facts must be among the linked ones, from the same text). */
    public void register(FileModel m) {
        Integer base = firstOfFile.get(m.source().relPath());
        if (base == null) throw new IllegalArgumentException(m.source().relPath() + " was not linked");
        List<CFunction> all = allFunctions(m);
        for (int i = 0; i < all.size(); i++) {
            ids.put(all.get(i), base + i);
            fileOf.put(all.get(i), m);
        }
    }

    /** Forgets a registered file once analysed, so its tree can be freed. */
    public void release(FileModel m) {
        for (CFunction f : allFunctions(m)) {
            ids.remove(f);
            fileOf.remove(f);
            staticAccesses.remove(f);
        }
        scopes.release(m);
    }

    public boolean precise() { return precise; }

    /** True when every caller hands parameter {@code i} of {@code f} the keyword-arguments dict of a Python call. */
    public boolean privateParam(CFunction f, int i) {
        Integer id = ids.get(f);
        return id != null && privateParams.isPrivate(id, i);
    }

    /** The per-type field model (writers and readers of each field, through helpers): linked from the field facts on first use. */
    public synchronized FieldModel fields() {
        if (fieldModel == null) fieldModel = new FieldModel(this, fieldFacts, linkOrder);
        return fieldModel;
    }

    /** What the field rules read from other files about {@code relPath}'s functions (see {@link FieldModel#digest}). */
    public String fieldDigest(String relPath) {
        Integer base = firstOfFile.get(relPath);
        if (base == null) return "";
        int end = base;
        while (end < nodes.size() && nodes.get(end).relPath().equals(relPath)) end++;
        return fields().digest(relPath, base, end - base);
    }

    /** The text of a scanned file (for evidence in other files), or null. */
    public SourceFile source(String relPath) { return sources.get(relPath); }

    /** Every scanned file's text, by relative path. */
    public Map<String, SourceFile> sources() { return sources; }

    /** True when a call of {@code name} from file {@code relPath} reaches a function the extension defines. */
    public boolean defines(String relPath, String name) { return resolveId(relPath, name) != null; }

    // --- What the field model reads of the link, by link id.

    int linkedCount() { return nodes.size(); }

    LinkedFunction linked(int id) {
        Node n = nodes.get(id);
        return new LinkedFunction(id, n.relPath(), id - firstOfFile.get(n.relPath()), n.fn().name(), n.fn().params(), n.fn().included());
    }

    /** The function {@code name} denotes when called from {@code relPath}, or -1. */
    int resolveIndex(String relPath, String name) {
        Integer id = resolveId(relPath, name);
        return id == null ? -1 : id;
    }

    int idOf(CFunction f) { return id(f); }

    public List<EntryPoint> entryPoints() { return entries; }

    public List<EntryPoint> entriesOf(CFunction f) { return entriesByFunction.getOrDefault(id(f), List.of()); }

    public FunctionScope scope(CFunction f) { return scopes.of(f); }

    /** The uses of static state in {@code f} (computed once: several rules and fixes ask). */
    public List<StaticAccess> staticAccesses(CFunction f) {
        return staticAccesses.computeIfAbsent(f, k -> {
            FileModel m = fileOf.get(k);
            return List.copyOf(StaticAccesses.of(m, k, scope(k), name -> externGlobal(m.source().relPath(), name)));
        });
    }

    /** The global another file defines under {@code name}, used in {@code relPath} through `extern` (null when none or ambiguous). */
    public CVariable externGlobal(String relPath, String name) {
        return ExternGlobals.resolve(globals, relPath, name);
    }

    public Reach reach(CFunction f) { return reach(id(f)); }

    private Reach reach(int id) {
        if (!precise || runtime.get(id)) return Reach.RUNTIME;
        if (init.get(id)) return Reach.INIT_ONLY;
        return Reach.UNREACHED;
    }

    /**
     * True when the container {@code expr} denotes (a static or a struct field) is only filled during
     * initialisation and never leaves the extension's sight: borrowing from it is safe.
     */
    public boolean frozenContainer(FileModel m, CFunction f, IASTInitializerClause expr) {
        return precise && f != null && containers.frozen(ContainerUses.key(m, scope(f), expr, 0));
    }

    /** True when every call of this (non-entry) function happens with a lock held. */
    public boolean alwaysCalledLocked(CFunction f) { return calledLocked.get(id(f)); }

    /** True when the offset in f runs under a lock: lexically, or because f is only called locked. */
    public boolean locked(CFunction f, int offset) {
        return calledLocked.get(id(f)) || Locks.held(scope(f), offset);
    }

    /** The evidence path: the entry point's registration, then each call down to {@code f}. */
    public List<Step> pathTo(CFunction f) { return pathTo(id(f)); }

    private List<Step> pathTo(int id) {
        List<Step> calls = new ArrayList<>();
        int cur = id;
        Set<Integer> seen = new HashSet<>();
        while (runtimeParent.containsKey(cur) && seen.add(cur)) {
            Call c = runtimeParent.get(cur);
            Node caller = nodes.get(c.caller);
            // Calls made inside included headers have the header's offsets: name them, but without a location.
            boolean inHeader = caller.fn().included();
            calls.add(0, new Step(caller.relPath(), inHeader ? null : c.range,
                    caller.fn().name() + "() calls " + nodes.get(cur).fn().name() + "()" + (inHeader ? " (in an included header)" : "")));
            cur = c.caller;
        }
        List<Step> out = new ArrayList<>();
        int top = cur;
        EntryPoint e = entriesByFunction.getOrDefault(top, List.of()).stream().filter(EntryPoint::runtime).findFirst().orElse(null);
        if (e != null) out.add(new Step(e.relPath(), e.registration(), "entry point: " + nodes.get(top).fn().name() + "(), " + e.how()));
        out.addAll(calls);
        return out;
    }

    /** The runtime entry point a function is reached from (first found), or null. */
    public EntryPoint entryFor(CFunction f) { return entryFor(id(f)); }

    private EntryPoint entryFor(int id) {
        int cur = id;
        Set<Integer> seen = new HashSet<>();
        while (runtimeParent.containsKey(cur) && seen.add(cur)) cur = runtimeParent.get(cur).caller;
        return entriesByFunction.getOrDefault(cur, List.of()).stream().filter(EntryPoint::runtime).findFirst().orElse(null);
    }

    /**
     * A digest of every linked fact that the analysis of {@code relPath} reads from other files: the
     * reach, entry, path and lock facts of its functions, and the frozen state of containers. Cached
     * results of a file stay valid while its text, the options and this digest are unchanged. An
     * analysis that adds cross-file facts must add them here.
     */
    public String linkDigest(String relPath) {
        StringBuilder sb = new StringBuilder();
        Integer base = firstOfFile.get(relPath);
        if (base != null) {
            for (int id = base; id < nodes.size() && nodes.get(id).relPath().equals(relPath); id++) {
                sb.append(id - base).append(' ').append(reach(id)).append(' ').append(calledLocked.get(id));
                EntryPoint e = entryFor(id);
                if (e != null) sb.append(" entry ").append(e.function()).append('|').append(e.kind()).append('|').append(e.how());
                for (EntryPoint k : entriesByFunction.getOrDefault(id, List.of())) sb.append(" kind ").append(k.kind());
                for (Step s : pathTo(id)) sb.append(" step ").append(s.relPath()).append(':').append(s.range()).append(':').append(s.message());
                sb.append('\n');
            }
        }
        // The definitions in other files of the globals this file uses through `extern`.
        for (String name : externs.getOrDefault(relPath, List.of())) {
            for (ExternGlobals.Def d : globals.getOrDefault(name, List.of())) sb.append("global ").append(name).append(' ').append(d).append('\n');
        }
        // Module-state keys are shared by every file; static keys are per file but cheap to include.
        sb.append("unfrozen ").append(unfrozenDigest()).append('\n');
        sb.append("precise ").append(precise);
        return SourceFile.fingerprint(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private volatile String unfrozenDigest;

    /** The containers that are not frozen: the same for every file, so made (and sorted) once. */
    private String unfrozenDigest() {
        String d = unfrozenDigest;
        if (d == null) {
            StringBuilder sb = new StringBuilder();
            for (String k : containers.unfrozen()) sb.append(k).append('\n');
            unfrozenDigest = d = SourceFile.fingerprint(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        return d;
    }

    private int id(CFunction f) {
        Integer id = ids.get(f);
        if (id == null) throw new IllegalArgumentException(f.name() + "() of " + f.relPath() + " is not registered");
        return id;
    }

    /**
     * A {@code .c} file that another scanned file {@code #include}s (a unity build) is one translation
     * unit with it: the includer's tables and calls reach the included file's own functions (not the
     * copies parsed inside the includer, which are never reported on), and the included file sees the
     * includer's statics.
     */
    private void unityBuilds(List<FileFacts> files) {
        Map<String, Map<String, Integer>> own = new HashMap<>();
        for (FileFacts f : files) {
            for (FileFacts.Fn fn : f.functions()) {
                String x = fn.origin();
                if (x == null || x.equals(f.relPath()) || !firstOfFile.containsKey(x)) continue;
                includerOf.putIfAbsent(x, f.relPath());
                Integer id = own.computeIfAbsent(x, this::ownFunctions).get(fn.name());
                if (id == null) continue;
                if (fn.isStatic()) staticFunctions.computeIfAbsent(f.relPath(), k -> new HashMap<>()).put(fn.name(), id);
                else globalFunctions.put(fn.name(), id);
            }
        }
    }

    /** The functions defined in file {@code relPath} itself (not in the headers it includes), by name. */
    private Map<String, Integer> ownFunctions(String relPath) {
        Map<String, Integer> out = new HashMap<>();
        int base = firstOfFile.get(relPath);
        for (int id = base; id < nodes.size() && nodes.get(id).relPath().equals(relPath); id++) {
            if (!nodes.get(id).fn().included()) out.putIfAbsent(nodes.get(id).fn().name(), id);
        }
        return out;
    }

    /** The function {@code name} denotes when called from file {@code relPath}: its static first, then its includer's. */
    private Integer resolveId(String relPath, String name) {
        String unit = relPath;
        for (int depth = 0; unit != null && depth < 16; depth++, unit = includerOf.get(unit)) {
            Map<String, Integer> statics = staticFunctions.get(unit);
            Integer s = statics == null ? null : statics.get(name);
            if (s != null) return s;
        }
        return globalFunctions.get(name);
    }

    private void addEntry(String relPath, String name, EntryPoint.Kind kind, String how, String slot, TextRange at) {
        Integer fn = resolveId(relPath, name);
        if (fn == null) return;
        EntryPoint e = new EntryPoint(name, kind, how, slot, at, relPath);
        entries.add(e);
        entryFunctions.add(fn);
        entriesByFunction.computeIfAbsent(fn, k -> new ArrayList<>()).add(e);
    }

    private void reach() {
        Deque<Integer> work = new ArrayDeque<>();
        // Entries in registration order, so the evidence path found first is the same every run.
        for (int i = 0; i < entries.size(); i++) {
            int f = entryFunctions.get(i);
            if (entries.get(i).runtime() && !runtime.get(f)) {
                runtime.set(f);
                work.add(f);
            }
        }
        drain(work, runtime, true);
        for (int i = 0; i < entries.size(); i++) {
            int f = entryFunctions.get(i);
            if (!entries.get(i).runtime() && !init.get(f)) {
                init.set(f);
                work.add(f);
            }
        }
        drain(work, init, false);
    }

    private void drain(Deque<Integer> work, BitSet seen, boolean recordParent) {
        while (!work.isEmpty()) {
            int f = work.poll();
            for (Call c : callsFrom.get(f)) {
                if (c.target >= 0 && !seen.get(c.target)) {
                    seen.set(c.target);
                    if (recordParent) runtimeParent.put(c.target, c);
                    work.add(c.target);
                }
            }
        }
    }

    /**
     * Greatest fixpoint: a non-entry function is called locked when all its runtime call sites are
     * (held at the site, or made by a function that is itself called locked). A worklist: each
     * function is dropped at most once and each drop re-examines only the callees of the dropped
     * function, so the whole is linear in the calls.
     */
    private void computeCalledLocked() {
        for (Map.Entry<Integer, List<Call>> e : callsTo.entrySet()) {
            if (entriesByFunction.containsKey(e.getKey())) continue;
            if (e.getValue().stream().anyMatch(c -> runtime.get(c.caller))) calledLocked.set(e.getKey());
        }
        Deque<Integer> dropped = new ArrayDeque<>();
        for (int f = calledLocked.nextSetBit(0); f >= 0; f = calledLocked.nextSetBit(f + 1)) {
            for (Call c : callsTo.get(f)) {
                if (runtime.get(c.caller) && !c.held && !calledLocked.get(c.caller)) {
                    dropped.add(f);
                    break;
                }
            }
        }
        for (int f : dropped) calledLocked.clear(f);
        while (!dropped.isEmpty()) {
            int g = dropped.poll();
            for (Call c : callsFrom.get(g)) {
                int t = c.target;
                if (t >= 0 && calledLocked.get(t) && runtime.get(g) && !c.held) {
                    calledLocked.clear(t);
                    dropped.add(t);
                }
            }
        }
    }
}
