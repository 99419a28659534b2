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
    private final Map<CFunction, FunctionScope> scopes = new HashMap<>();
    private final Set<CFunction> calledLocked = new HashSet<>();
    private final Map<CFunction, List<StaticAccess>> staticAccesses = new java.util.concurrent.ConcurrentHashMap<>();
    private final boolean precise;
    private final ContainerUses containers = new ContainerUses();
    private final PrivateParams privateParams = new PrivateParams(this);

    private ExtensionModel(List<FileModel> files, boolean precise) {
        this.files = List.copyOf(files);
        this.precise = precise;
        for (FileModel m : files) {
            for (CFunction f : allFunctions(m)) {
                fileOf.put(f, m);
                if (f.isStatic()) staticFunctions.put(m.source().relPath() + "#" + f.name(), f);
                else globalFunctions.putIfAbsent(f.name(), f);
            }
        }
        for (FileModel m : files) {
            List<EntryPoint> found = EntryPoints.of(m, this::resolve);
            found.addAll(callbacks(m));
            for (EntryPoint e : found) {
                entries.add(e);
                entriesByFunction.computeIfAbsent(e.function(), k -> new ArrayList<>()).add(e);
            }
        }
        for (FileModel m : files) for (CFunction f : allFunctions(m)) collectCalls(m, f);
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

    /** The file a function belongs to (for a function in an included header: the including file). */
    public FileModel fileOf(CFunction f) { return fileOf.get(f); }

    private FieldModel fieldModel;

    /** The per-type field model (writers and readers of each field, through helpers): built once, on first use. */
    public synchronized FieldModel fields() {
        if (fieldModel == null) fieldModel = new FieldModel(this);
        return fieldModel;
    }

    public List<EntryPoint> entryPoints() { return entries; }

    public List<EntryPoint> entriesOf(CFunction f) { return entriesByFunction.getOrDefault(f, List.of()); }

    public List<CallSite> callsFrom(CFunction f) { return callsFrom.getOrDefault(f, List.of()); }

    public List<CallSite> callsTo(CFunction f) { return callsTo.getOrDefault(f, List.of()); }

    public FunctionScope scope(CFunction f) {
        synchronized (scopes) {
            return scopes.computeIfAbsent(f, k -> new FunctionScope(k, i -> privateParams.isPrivate(k, i)));
        }
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
            boolean inHeader = fileOf.get(c.caller()).includedFunctions().contains(c.caller());
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

    private void collectCalls(FileModel m, CFunction f) {
        String rel = m.source().relPath();
        for (IASTFunctionCallExpression call : scope(f).calls()) {
            String name = Ast.calleeName(call);
            if (name == null) continue;
            CFunction target = resolve(rel, name);
            CallSite site = new CallSite(f, name, target, Ast.range(call), call);
            callsFrom.computeIfAbsent(f, k -> new ArrayList<>()).add(site);
            if (target != null) callsTo.computeIfAbsent(target, k -> new ArrayList<>()).add(site);
        }
    }

    /** Functions whose address is taken (passed to C code, stored in a struct): called from anywhere. */
    private List<EntryPoint> callbacks(FileModel m) {
        List<EntryPoint> out = new ArrayList<>();
        String rel = m.source().relPath();
        Set<TextRange> inTables = new HashSet<>();
        for (InitTable t : m.tables()) inTables.add(t.range());
        ASTVisitor v = new ASTVisitor() {
            { shouldVisitExpressions = true; }

            @Override
            public int visit(IASTExpression e) {
                if (e instanceof IASTIdExpression id && !(e.getParent() instanceof IASTFunctionCallExpression c && c.getFunctionNameExpression() == e)) {
                    CFunction fn = resolve(rel, id.getName().toString());
                    TextRange r = Ast.range(e);
                    if (fn != null && r != null && inTables.stream().noneMatch(t -> t.contains(r))) {
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

    /** Greatest fixpoint: a non-entry function is called locked when all its runtime call sites are. */
    private void computeCalledLocked() {
        Map<CFunction, List<CallSite>> candidates = new LinkedHashMap<>();
        for (CFunction f : callsTo.keySet()) {
            if (entriesByFunction.containsKey(f)) continue;
            candidates.put(f, callsTo.get(f).stream().filter(c -> runtime.contains(c.caller())).toList());
        }
        candidates.values().removeIf(List::isEmpty);
        calledLocked.addAll(candidates.keySet());
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Map.Entry<CFunction, List<CallSite>> e : candidates.entrySet()) {
                if (!calledLocked.contains(e.getKey())) continue;
                for (CallSite c : e.getValue()) {
                    if (!calledLocked.contains(c.caller()) && !Locks.held(scope(c.caller()), c.range().start())) {
                        calledLocked.remove(e.getKey());
                        changed = true;
                        break;
                    }
                }
            }
        }
    }

}
