package dev.ftmigrate.analyzer;

import org.eclipse.cdt.core.dom.ast.ASTVisitor;
import org.eclipse.cdt.core.dom.ast.IASTDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTExpression;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;
import org.eclipse.cdt.core.dom.ast.IASTIdExpression;
import org.eclipse.cdt.core.dom.ast.IASTInitializerClause;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The whole extension: every scanned file, its entry points, and the call graph across files
 * (functions by name, static ones scoped to their file), with reachability from entry points.
 */
public final class ExtensionModel {
    /** How a function can run: after the module is shared, only during initialisation, or never seen called. */
    public enum Reach { RUNTIME, INIT_ONLY, UNREACHED }

    /** One step of evidence: where the path enters or calls on. */
    public record Step(String relPath, TextRange range, String message) {}

    private final List<FileModel> files;
    private final Map<String, CFunction> globalFunctions = new HashMap<>();
    private final Map<String, CFunction> staticFunctions = new HashMap<>();
    private final Map<CFunction, FileModel> fileOf = new HashMap<>();
    private final List<EntryPoint> entries = new ArrayList<>();
    private final Map<CFunction, List<EntryPoint>> entriesByFunction = new HashMap<>();
    private final Map<CFunction, List<CallSite>> callsFrom = new HashMap<>();
    private final Map<CFunction, List<CallSite>> callsTo = new HashMap<>();
    private final Map<CFunction, CallSite> runtimeParent = new HashMap<>();
    private final Set<CFunction> runtime = new HashSet<>();
    private final Set<CFunction> init = new HashSet<>();
    private final Map<CFunction, FunctionScope> scopes = new java.util.concurrent.ConcurrentHashMap<>();
    private final Set<CFunction> calledLocked = new HashSet<>();
    private final Map<CFunction, List<StaticAccess>> staticAccesses = new java.util.concurrent.ConcurrentHashMap<>();
    private final boolean precise;
    private final ContainerUses containers = new ContainerUses();
    private final Map<String, FileModel> byPath = new HashMap<>();
    private final Set<CFunction> included = new HashSet<>();

    private ExtensionModel(List<FileModel> files, boolean precise) {
        this.files = List.copyOf(files);
        this.precise = precise;
        for (FileModel m : files) {
            byPath.putIfAbsent(m.source().relPath(), m);
            included.addAll(m.includedFunctions());
            for (CFunction f : allFunctions(m)) {
                fileOf.put(f, m);
                if (f.isStatic()) staticFunctions.put(m.source().relPath() + "#" + f.name(), f);
                else globalFunctions.putIfAbsent(f.name(), f);
            }
        }
        // Entry points, function scopes and call sites depend on one file each: build them on all cores,
        // then merge in file order so that the model does not depend on scheduling.
        record PerFile(List<EntryPoint> entries, List<CallSite> calls) {}
        List<PerFile> perFile = this.files.parallelStream().map(m -> {
            List<EntryPoint> found = EntryPoints.of(m, this::resolve);
            found.addAll(callbacks(m));
            List<CallSite> calls = new ArrayList<>();
            for (CFunction f : allFunctions(m)) {
                FunctionScope scope = new FunctionScope(f);
                scopes.put(f, scope);
                collectCalls(m, f, scope, calls);
            }
            return new PerFile(found, calls);
        }).toList();
        for (PerFile p : perFile) {
            for (EntryPoint e : p.entries()) {
                entries.add(e);
                entriesByFunction.computeIfAbsent(e.function(), k -> new ArrayList<>()).add(e);
            }
            for (CallSite site : p.calls()) {
                callsFrom.computeIfAbsent(site.caller(), k -> new ArrayList<>()).add(site);
                if (site.target() != null) callsTo.computeIfAbsent(site.target(), k -> new ArrayList<>()).add(site);
            }
        }
        reach();
        computeCalledLocked();
        for (FileModel m : files) {
            for (CFunction f : allFunctions(m)) containers.scan(m, scope(f), reach(f) != Reach.INIT_ONLY);
        }
    }

    private static List<CFunction> allFunctions(FileModel m) {
        if (m.includedFunctions().isEmpty()) return m.functions();
        List<CFunction> all = new ArrayList<>(m.functions());
        all.addAll(m.includedFunctions());
        return all;
    }

    public static ExtensionModel build(List<FileModel> files) { return new ExtensionModel(files, true); }

    /**
     * With {@code precise} false the sharing analysis is off: every function counts as reachable at
     * run time and every container as shared (what a grep-level linter reports), for comparisons.
     */
    public static ExtensionModel build(List<FileModel> files, boolean precise) { return new ExtensionModel(files, precise); }

    public boolean precise() { return precise; }

    public List<FileModel> files() { return files; }

    /** The scanned file at {@code relPath}, or null. */
    public FileModel file(String relPath) { return byPath.get(relPath); }

    public List<EntryPoint> entryPoints() { return entries; }

    public List<EntryPoint> entriesOf(CFunction f) { return entriesByFunction.getOrDefault(f, List.of()); }

    public List<CallSite> callsFrom(CFunction f) { return callsFrom.getOrDefault(f, List.of()); }

    public List<CallSite> callsTo(CFunction f) { return callsTo.getOrDefault(f, List.of()); }

    /** Every scanned function's scope is built with the model; no lock on the way to it. */
    public FunctionScope scope(CFunction f) {
        FunctionScope s = scopes.get(f);
        return s != null ? s : scopes.computeIfAbsent(f, FunctionScope::new);
    }

    /** The uses of static state in {@code f} (computed once: several rules and fixes ask). */
    public List<StaticAccess> staticAccesses(CFunction f) {
        return staticAccesses.computeIfAbsent(f, k -> List.copyOf(StaticAccesses.of(fileOf.get(k), k, scope(k))));
    }

    /** The function {@code name} denotes when called from file {@code relPath}: its static first. */
    public CFunction resolve(String relPath, String name) {
        CFunction s = staticFunctions.get(relPath + "#" + name);
        return s != null ? s : globalFunctions.get(name);
    }

    public Reach reach(CFunction f) {
        if (!precise || runtime.contains(f)) return Reach.RUNTIME;
        if (init.contains(f)) return Reach.INIT_ONLY;
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
    public boolean alwaysCalledLocked(CFunction f) { return calledLocked.contains(f); }

    /** True when the offset in f runs under a lock: lexically, or because f is only called locked. */
    public boolean locked(CFunction f, int offset) {
        return calledLocked.contains(f) || Locks.held(scope(f), offset);
    }

    /** The evidence path: the entry point's registration, then each call down to {@code f}. */
    public List<Step> pathTo(CFunction f) {
        List<Step> calls = new ArrayList<>();
        CFunction cur = f;
        Set<CFunction> seen = new HashSet<>();
        while (runtimeParent.containsKey(cur) && seen.add(cur)) {
            CallSite c = runtimeParent.get(cur);
            // Calls made inside included headers have the header's offsets: name them, but without a location.
            boolean inHeader = included.contains(c.caller());
            calls.add(0, new Step(fileOf.get(c.caller()).source().relPath(), inHeader ? null : c.range(),
                    c.caller().name() + "() calls " + cur.name() + "()" + (inHeader ? " (in an included header)" : "")));
            cur = c.caller();
        }
        List<Step> out = new ArrayList<>();
        EntryPoint e = entriesOf(cur).stream().filter(EntryPoint::runtime).findFirst().orElse(null);
        if (e != null) out.add(new Step(e.relPath(), e.registration(), "entry point: " + cur.name() + "(), " + e.how()));
        out.addAll(calls);
        return out;
    }

    /** The runtime entry point a function is reached from (first found), or null. */
    public EntryPoint entryFor(CFunction f) {
        CFunction cur = f;
        Set<CFunction> seen = new HashSet<>();
        while (runtimeParent.containsKey(cur) && seen.add(cur)) cur = runtimeParent.get(cur).caller();
        return entriesOf(cur).stream().filter(EntryPoint::runtime).findFirst().orElse(null);
    }

    private void collectCalls(FileModel m, CFunction f, FunctionScope scope, List<CallSite> out) {
        String rel = m.source().relPath();
        for (int i = 0; i < scope.calls().size(); i++) {
            String name = scope.callee(i);
            if (name == null) continue;
            IASTFunctionCallExpression call = scope.calls().get(i);
            out.add(new CallSite(f, name, resolve(rel, name), Ast.range(call), call));
        }
    }

    /** Functions whose address is taken (passed to C code, stored in a struct): called from anywhere. */
    private List<EntryPoint> callbacks(FileModel m) {
        List<EntryPoint> out = new ArrayList<>();
        String rel = m.source().relPath();
        // Table initialisers do not overlap: the one starting last at or before a use is the only one that can hold it.
        java.util.TreeMap<Integer, TextRange> inTables = new java.util.TreeMap<>();
        for (InitTable t : m.tables()) {
            if (t.range() != null) inTables.merge(t.range().start(), t.range(), (a, b) -> a.end() >= b.end() ? a : b);
        }
        ASTVisitor v = new ASTVisitor() {
            { shouldVisitExpressions = true; }

            @Override
            public int visit(IASTExpression e) {
                if (e instanceof IASTIdExpression id && !(e.getParent() instanceof IASTFunctionCallExpression c && c.getFunctionNameExpression() == e)) {
                    CFunction fn = resolve(rel, id.getName().toString());
                    TextRange r = Ast.range(e);
                    if (fn != null && r != null && !inTable(inTables, r)) {
                        out.add(new EntryPoint(fn, EntryPoint.Kind.CALLBACK, "callback: its address is taken here", null, r, rel));
                    }
                }
                return PROCESS_CONTINUE;
            }
        };
        if (m.parsed().ast() == null) return out;
        for (IASTDeclaration d : m.parsed().ast().getDeclarations()) {
            if (d.isPartOfTranslationUnitFile()) d.accept(v);
        }
        return out;
    }

    private static boolean inTable(java.util.TreeMap<Integer, TextRange> tables, TextRange r) {
        Map.Entry<Integer, TextRange> t = tables.floorEntry(r.start());
        return t != null && t.getValue().contains(r);
    }

    private void reach() {
        Deque<CFunction> work = new ArrayDeque<>();
        for (EntryPoint e : entries) if (e.runtime() && runtime.add(e.function())) work.add(e.function());
        while (!work.isEmpty()) {
            CFunction f = work.poll();
            for (CallSite c : callsFrom(f)) {
                if (c.target() != null && runtime.add(c.target())) {
                    runtimeParent.put(c.target(), c);
                    work.add(c.target());
                }
            }
        }
        for (EntryPoint e : entries) if (!e.runtime() && init.add(e.function())) work.add(e.function());
        while (!work.isEmpty()) {
            CFunction f = work.poll();
            for (CallSite c : callsFrom(f)) if (c.target() != null && init.add(c.target())) work.add(c.target());
        }
    }

    /**
     * Greatest fixpoint: a non-entry function is called locked when all its runtime call sites are.
     * A worklist: when a function drops out, only the functions it calls are looked at again, and
     * each call site's lexical lock is decided once (a sweep to a fixpoint was quadratic on long chains).
     */
    private void computeCalledLocked() {
        Map<CFunction, List<CallSite>> candidates = new LinkedHashMap<>();
        for (CFunction f : callsTo.keySet()) {
            if (entriesByFunction.containsKey(f)) continue;
            candidates.put(f, callsTo.get(f).stream().filter(c -> runtime.contains(c.caller())).toList());
        }
        candidates.values().removeIf(List::isEmpty);
        calledLocked.addAll(candidates.keySet());
        Map<CallSite, Boolean> lexical = new java.util.IdentityHashMap<>();
        Deque<CFunction> work = new ArrayDeque<>(candidates.keySet());
        while (!work.isEmpty()) {
            CFunction f = work.poll();
            if (!calledLocked.contains(f)) continue;
            for (CallSite c : candidates.get(f)) {
                if (calledLocked.contains(c.caller())) continue;
                if (lexical.computeIfAbsent(c, k -> Locks.held(scope(k.caller()), k.range().start()))) continue;
                calledLocked.remove(f);
                for (CallSite out : callsFrom(f)) if (out.target() != null && calledLocked.contains(out.target())) work.add(out.target());
                break;
            }
        }
    }

}
