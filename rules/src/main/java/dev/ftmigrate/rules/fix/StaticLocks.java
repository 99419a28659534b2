package dev.ftmigrate.rules.fix;

import dev.ftmigrate.analyzer.Ast;
import dev.ftmigrate.analyzer.CFunction;
import dev.ftmigrate.analyzer.CVariable;
import dev.ftmigrate.analyzer.ExtensionModel;
import dev.ftmigrate.analyzer.FileModel;
import dev.ftmigrate.analyzer.SourceFile;
import dev.ftmigrate.analyzer.StaticAccess;
import dev.ftmigrate.analyzer.TextRange;
import dev.ftmigrate.rules.Fix;
import dev.ftmigrate.rules.engine.FixContext;
import dev.ftmigrate.rules.FixSafety;
import dev.ftmigrate.rules.TextEdit;
import org.eclipse.cdt.core.dom.ast.IASTCompoundStatement;
import org.eclipse.cdt.core.dom.ast.IASTDeclarationStatement;
import org.eclipse.cdt.core.dom.ast.IASTExpressionStatement;
import org.eclipse.cdt.core.dom.ast.IASTFileLocation;
import org.eclipse.cdt.core.dom.ast.IASTFunctionDefinition;
import org.eclipse.cdt.core.dom.ast.IASTIfStatement;
import org.eclipse.cdt.core.dom.ast.IASTNode;
import org.eclipse.cdt.core.dom.ast.IASTReturnStatement;
import org.eclipse.cdt.core.dom.ast.IASTStatement;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * FT401/FT402: a file-scope PyMutex, declared and taken only under {@code Py_GIL_DISABLED}
 * (FTM_LOCK/FTM_UNLOCK compile to nothing with the GIL), around every flagged statement: a
 * plain write, or the whole {@code if (!x) { x = ...; }} of a lazy initialisation (the check and
 * the set under one lock; double-checking is unsafe without atomics). Reads of plainly written
 * variables are locked too when they are a statement of their own (expression, declaration,
 * return); a lazily set variable never changes once set, so its other reads stay as they are.
 * Adjacent locked statements share one lock, and so do the variables they touch (one mutex per
 * group). Every exit out of a locked run unlocks first. A group is fixed whole or not at all: a
 * mutex that guards only some writes protects nothing.
 */
public final class StaticLocks {
    /** Calls that can run arbitrary Python code (a finalizer, a method) which could re-enter and take the lock again. */
    private static final Pattern REENTRANT = Pattern.compile("Py_X?DECREF|Py_CLEAR|Py_X?SETREF|PyObject_(Call|Vectorcall|GetAttr|SetAttr|DelAttr|Repr|Str|RichCompare|Hash"
            + "|GetItem|SetItem|DelItem|GetIter|IsTrue|Not|Format|Print|Dir|Length|Size).*|PyNumber_.*|PyIter_Next|PySequence_(GetItem|SetItem|DelItem|Contains|Index|Count|List|Tuple|Fast)|PyMapping_.*"
            + "|PyImport_.*|PyEval_.*|PyRun_.*|PyErr_(Print|WriteUnraisable).*");
    /** A call as written: the name before an opening parenthesis. */
    private static final Pattern CALL = Pattern.compile("\\b([A-Za-z_]\\w*)\\s*\\(");
    /** The thread state released: holding a mutex over that blocking work serialises every thread. */
    private static final Pattern ALLOW_THREADS = Pattern.compile("\\b(Py_BEGIN_ALLOW_THREADS|Py_UNBLOCK_THREADS|PyEval_SaveThread)\\b");

    private record Run(CFunction fn, IASTCompoundStatement block, int from, int to) {}

    private StaticLocks() {}

    /**
     * @param flagged every write of the file that FT401/FT402 report (the group's fix covers them all)
     */
    public static Fix fix(FixContext fx, StaticAccess access, Supplier<List<StaticAccess>> flagged) {
        // One plan per file: the groups cover every flagged write of it.
        Map<CVariable, Fix> fixes = fx.memo(StaticLocks.class, () -> plan(fx, flagged.get()));
        return fixes.getOrDefault(access.variable(), null);
    }

    private static Map<CVariable, Fix> plan(FixContext fx, List<StaticAccess> flagged) {
        FileModel model = fx.model();
        ExtensionModel ext = fx.extension();
        Map<CVariable, Boolean> plain = new LinkedHashMap<>();
        Set<TextRange> writes = new HashSet<>();
        for (StaticAccess a : flagged) {
            plain.merge(a.variable(), !a.lazyInit(), Boolean::logicalOr);
            writes.add(a.range());
        }
        // Counters and flags that C11 atomics make safe get no lock at all.
        Map<CVariable, List<StaticAccess>> uses = new LinkedHashMap<>();
        for (CFunction fn : model.functions()) {
            for (StaticAccess a : ext.staticAccesses(fn)) if (plain.containsKey(a.variable())) uses.computeIfAbsent(a.variable(), k -> new ArrayList<>()).add(a);
        }
        Map<CVariable, Fix> out = new HashMap<>();
        for (var e : uses.entrySet()) {
            if (plain.get(e.getKey()) && Atomics.fits(e.getKey(), e.getValue())) out.put(e.getKey(), Atomics.fix(fx, e.getKey()));
        }
        plain.keySet().removeAll(out.keySet());
        // Statements to lock, per block, by index; the variables each touches; reads left unlocked.
        Map<IASTCompoundStatement, TreeMap<Integer, Set<CVariable>>> anchors = new LinkedHashMap<>();
        Map<IASTCompoundStatement, CFunction> fnOf = new HashMap<>();
        Map<CVariable, Integer> unlockedReads = new HashMap<>();
        Set<List<Object>> writers = new HashSet<>();
        for (StaticAccess a : flagged) writers.add(List.of(a.function(), a.variable()));
        Map<IASTCompoundStatement, Map<IASTStatement, Integer>> index = new HashMap<>();
        for (CFunction fn : model.functions()) {
            if (ext.reach(fn) == ExtensionModel.Reach.INIT_ONLY) continue;
            for (StaticAccess a : ext.staticAccesses(fn)) {
                if (!plain.containsKey(a.variable())) continue;
                IASTNode at;
                if (writes.contains(a.range())) {
                    at = a.lazyInit() ? lazyIf(a) : a.node();
                } else if (!a.writes() && plain.get(a.variable()) && !ext.locked(fn, a.range().start())) {
                    at = a.node();
                } else {
                    continue;
                }
                IASTStatement s = blockChild(at);
                if (s == null) continue;
                // A test in an if or loop is locked whole where the function also writes the variable
                // (check-then-act); elsewhere only reads that are statements of their own are.
                if (!writes.contains(a.range()) && !(s instanceof IASTExpressionStatement || s instanceof IASTDeclarationStatement
                        || s instanceof IASTReturnStatement) && !writers.contains(List.of(fn, a.variable()))) {
                    unlockedReads.merge(a.variable(), 1, Integer::sum);
                    continue;
                }
                IASTCompoundStatement block = (IASTCompoundStatement) s.getParent();
                fnOf.put(block, fn);
                anchors.computeIfAbsent(block, k -> new TreeMap<>())
                        .computeIfAbsent(index.computeIfAbsent(block, b -> positions(Region.statements(fx, b))).get(s), k -> new LinkedHashSet<>()).add(a.variable());
            }
        }
        nestInAnchors(fx, anchors);
        // Adjacent statements form one run (across statements with no call and no jump: a lock
        // split around them would tear one update in two); the variables of a run share a mutex.
        Map<CVariable, CVariable> parent = new HashMap<>();
        for (CVariable v : plain.keySet()) parent.put(v, v);
        List<Run> runs = new ArrayList<>();
        Map<Run, Set<CVariable>> runVars = new HashMap<>();
        for (var e : anchors.entrySet()) {
            Run cur = null;
            Set<CVariable> vars = null;
            for (var s : e.getValue().entrySet()) {
                if (cur == null || !inertBetween(Region.statements(fx, e.getKey()), cur.to(), s.getKey())) {
                    if (cur != null) { runs.add(cur); runVars.put(cur, vars); }
                    cur = new Run(fnOf.get(e.getKey()), e.getKey(), s.getKey(), s.getKey());
                    vars = new LinkedHashSet<>();
                } else {
                    cur = new Run(cur.fn(), cur.block(), cur.from(), s.getKey());
                }
                vars.addAll(s.getValue());
            }
            if (cur != null) { runs.add(cur); runVars.put(cur, vars); }
        }
        for (Run r : runs) {
            CVariable first = null;
            for (CVariable v : runVars.get(r)) {
                if (first == null) first = v;
                else parent.put(find(parent, v), find(parent, first));
            }
        }
        Map<CVariable, List<CVariable>> groups = new LinkedHashMap<>();
        for (CVariable v : plain.keySet()) groups.computeIfAbsent(find(parent, v), k -> new ArrayList<>()).add(v);
        Map<CVariable, List<Run>> runsOf = new HashMap<>();
        for (Run r : runs) {
            Set<CVariable> roots = new LinkedHashSet<>();
            for (CVariable v : runVars.get(r)) roots.add(find(parent, v));
            for (CVariable root : roots) runsOf.computeIfAbsent(root, k -> new ArrayList<>()).add(r);
        }
        for (var e : groups.entrySet()) {
            List<CVariable> g = e.getValue();
            List<Run> mine = runsOf.getOrDefault(e.getKey(), List.of());
            Fix f = groupFix(fx, g, mine, runs, plain, unlockedReads);
            for (CVariable v : g) out.put(v, f);
        }
        return out;
    }

    /**
     * An anchor inside another anchored statement of the same variables (a read in the body of a
     * locked if) is already under that lock: locking it again would take one mutex twice.
     */
    private static void nestInAnchors(FixContext fx, Map<IASTCompoundStatement, TreeMap<Integer, Set<CVariable>>> anchors) {
        Map<IASTStatement, Set<CVariable>> all = new HashMap<>();
        for (var e : anchors.entrySet()) {
            IASTStatement[] st = Region.statements(fx, e.getKey());
            for (var a : e.getValue().entrySet()) all.put(st[a.getKey()], a.getValue());
        }
        for (var e : anchors.entrySet()) {
            IASTStatement[] st = Region.statements(fx, e.getKey());
            e.getValue().entrySet().removeIf(a -> {
                for (IASTNode n = st[a.getKey()].getParent(); n != null; n = n.getParent()) {
                    if (n instanceof IASTStatement os && all.containsKey(os) && all.get(os).containsAll(a.getValue())) return true;
                }
                return false;
            });
        }
        anchors.values().removeIf(Map::isEmpty);
    }

    /** The statements strictly between two of a block are plain computations: no call but a reference count's increment, no jump. */
    private static boolean inertBetween(IASTStatement[] all, int from, int to) {
        for (int i = from + 1; i < to; i++) {
            if (!(all[i] instanceof IASTExpressionStatement || all[i] instanceof IASTDeclarationStatement)) return false;
            for (String c : Region.callees(all[i])) if (!c.matches("Py_X?INCREF|_?Py_IncRef|Py_X?NewRef|_Py_NewRef|_Py_XNewRef")) return false;
        }
        return true;
    }

    private static Map<IASTStatement, Integer> positions(IASTStatement[] all) {
        Map<IASTStatement, Integer> out = new HashMap<>();
        for (int i = 0; i < all.length; i++) out.put(all[i], i);
        return out;
    }

    /** The group's root, with the path to it compressed (without, f2c's one group of thousands made chains as long). */
    private static CVariable find(Map<CVariable, CVariable> parent, CVariable v) {
        CVariable root = v;
        while (parent.get(root) != root) root = parent.get(root);
        while (v != root) {
            CVariable next = parent.get(v);
            parent.put(v, root);
            v = next;
        }
        return root;
    }

    private static Fix groupFix(FixContext fx, List<CVariable> group, List<Run> runs, List<Run> allRuns,
                                Map<CVariable, Boolean> plain, Map<CVariable, Integer> unlockedReads) {
        FileModel model = fx.model();
        SourceFile src = model.source();
        String t = src.text();
        List<CVariable> sorted = new ArrayList<>(group);
        sorted.sort((a, b) -> a.fileScope() != b.fileScope() ? (a.fileScope() ? -1 : 1) : Integer.compare(a.nameRange().start(), b.nameRange().start()));
        CVariable home = sorted.get(0);
        // Static locals of one name in several functions (f2c's `i`, `j`) say whose they are.
        Map<String, Integer> seen = new HashMap<>();
        for (CVariable v : sorted) seen.merge(v.name(), 1, Integer::sum);
        String names = Names.listed(sorted.stream().map(v -> "`" + v.name() + "`"
                + (seen.get(v.name()) > 1 && !v.fileScope() ? " of " + v.function() + "()" : "")).toList(), 8);
        if (runs.isEmpty()) return advice("the writes of " + names + " are not statements of a block");
        if (sorted.stream().anyMatch(v -> !v.fileScope() && !v.function().equals(home.function()))) {
            return advice(names + " are static locals of different functions");
        }
        String mutex = home.name() + "_mutex";
        // Never a second lock for one variable: the first may already be held where this one would be taken.
        if (model.mentions(mutex)) return advice("`" + home.name() + "` already has a lock, `" + mutex + "`: its uses are left to it rather than nested in a second one");
        IASTNode decl = home.declarator() == null ? null : home.declarator().getParent();
        TextRange dr = decl == null ? null : Ast.range(decl);
        if (dr == null || !SourceText.firstOnLine(t, dr.start()) || !SourceText.lastOnLine(t, dr.end())) {
            return advice("the declaration of `" + home.name() + "` shares its line with other code");
        }
        if (home.fileScope() && dr.start() < Compat.insertionPoint(fx)) return advice("`" + home.name() + "` is declared before #include <Python.h>");
        Set<String> lockingFns = new HashSet<>();
        for (Run r : runs) lockingFns.add(r.fn().name());
        List<TextEdit> edits = new ArrayList<>();
        Optional<List<TextEdit>> compat = Compat.provide(fx, "FTM_LOCK");
        if (compat.isEmpty()) return advice("no #include to put the FTM_LOCK() helper after");
        edits.addAll(compat.get());
        String declIndent = home.fileScope() ? "" : SourceText.indentAt(t, dr.start());
        int declAt = SourceText.nextLineStart(t, dr.end());
        if (home.fileScope()) {
            // Declared in an #if branch that some lock site is not in: the mutex goes after that group's #endif.
            List<Integer> sites = runs.stream().map(r -> Ast.range(Region.statements(fx, r.block())[r.from()]).start()).toList();
            declAt = fx.memo(Conditionals.class, () -> new Conditionals(t)).placement(dr.start(), declAt, sites);
        }
        edits.add(TextEdit.insert(src.relPath(), declAt, "#ifdef Py_GIL_DISABLED\n" + declIndent + "static PyMutex " + mutex + ";\n#endif\n"));
        // Any of the group's names as a word (one pattern for the group, not one per variable and exit).
        Pattern readsGroup = Pattern.compile("\\b(?:" + String.join("|", group.stream().map(g -> Pattern.quote(g.name())).distinct().toList()) + ")\\b");
        EditBuilder exits = new EditBuilder(src, SourceText.indentUnit(src));
        // Deletions among the edits so far, by offset (indexed as they come), and those taken out again:
        // searching and editing the whole list at every run grew with the square of the runs.
        Map<Integer, java.util.ArrayDeque<TextEdit>> deletions = new HashMap<>();
        Set<TextEdit> dropped = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        int indexed = 0;
        for (Run r : runs) {
            Region reg = new Region(src, r.block(), Region.statements(fx, r.block()), r.from(), r.to());
            String problem = reg.layoutProblem();
            if (problem != null) return advice(problem);
            if (Ast.range(reg.first()).start() < dr.end()) return advice("`" + home.name() + "` is used before its declaration");
            if (reg.jumpedInto(r.fn())) return advice("a goto jumps into the statements to lock in " + r.fn().name() + "()");
            int at = Ast.range(reg.first()).start();
            if (fx.memo(HeldLocks.class, () -> new HeldLocks(r.fn().node().getTranslationUnit())).before(r.fn().node(), at)) {
                return advice("the code already holds a lock here in " + r.fn().name() + "(): taking another one inside it can deadlock");
            }
            String regionCode = model.code().substring(at, Region.end(src, reg.last()));
            if (ALLOW_THREADS.matcher(regionCode).find()) {
                return advice(r.fn().name() + "() releases the GIL (Py_BEGIN_ALLOW_THREADS) inside the statements to lock: a mutex held over "
                        + "that blocking work serialises every thread; copy the shared values into locals under a lock before it instead");
            }
            // Releases move after the unlock (a finalizer may re-enter and take the lock).
            DeferredReleases releases = DeferredReleases.of(fx, r.fn(), reg, group);
            List<String> preLines = releases.pre, postLines = releases.post;
            Map<IASTStatement, TextEdit> swaps = releases.edits;
            // Macro names as written too (Py_XSETREF expands to calls of other names).
            Set<String> called = new HashSet<>();
            for (IASTStatement st : reg.stmts) {
                String code = model.code().substring(Ast.range(st).start(), Region.end(src, st));
                if (releases.remaining.containsKey(st)) {
                    code = releases.remaining.get(st);
                } else {
                    called.addAll(Region.callees(st));
                }
                java.util.regex.Matcher m = CALL.matcher(code);
                while (m.find()) called.add(m.group(1));
            }
            for (String c : new java.util.TreeSet<>(called)) {
                if (REENTRANT.matcher(c).matches()) {
                    return advice(c + "() in " + r.fn().name() + "() can run Python code that re-enters while the lock is held");
                }
                if (lockingFns.contains(c) || reachesLock(model, c, lockingFns, new HashSet<>())) {
                    return advice(r.fn().name() + "() calls " + c + "(), which takes the same lock");
                }
            }
            EscapingPointers.Outcome escape = EscapingPointers.check(fx, reg, group);
            if (escape.problem() != null) return advice(escape.problem());
            edits.addAll(escape.edits());
            String ind = reg.indent();
            String pre = "", post = "";
            for (Region.Exit e : reg.exits()) {
                boolean top = e.stmt() == reg.last() && e.isReturn();
                String v = e.isReturn() ? Region.returnValue(src, (IASTReturnStatement) e.stmt()) : "";
                if (v == null) return advice("a return in " + r.fn().name() + "() is written with a macro");
                boolean reads0 = readsGroup.matcher(v).find();
                if (top && reads0) {
                    String type = Region.returnType(r.fn());
                    if (type == null || type.equals("void")) return advice("the return type of " + r.fn().name() + "() is not a plain one");
                    CVariable bare = group.stream().filter(g -> g.name().equals(v.strip()) && g.pointer()).findFirst().orElse(null);
                    if (bare != null && !increfBefore(src, reg, e.stmt(), bare.name())) {
                        return advice(r.fn().name() + "() returns the pointer `" + bare.name() + "` after the unlock: a lock around it protects nothing "
                                + "(another thread can replace and release it); return a strong reference taken under the lock"
                                + " (not done here: nothing before the return takes one)");
                    }
                    String result = Names.fresh(fx, r.fn(), "result", "");
                    pre = type + (type.endsWith("*") ? "" : " ") + result + " = " + Region.zero(type) + ";\n" + ind;
                    post = ind + "return " + result + ";\n";
                    TextRange rr = Ast.range(e.stmt());
                    edits.add(new TextEdit(src.relPath(), rr.start(), rr.length(), result + " = " + v + ";"));
                } else if (reads0) {
                    return advice("a return in " + r.fn().name() + "() reads " + names + " on its way out");
                } else {
                    exits.before(e.stmt(), "FTM_UNLOCK(" + mutex + ");");
                }
            }
            StringBuilder before = new StringBuilder(pre), after = new StringBuilder(ind + "FTM_UNLOCK(" + mutex + ");\n");
            for (String l : preLines) before.append(l).append('\n').append(ind);
            for (String l : postLines) after.append(ind).append(l).append('\n');
            // One edit where the lock goes before a rewritten statement (two at one offset would conflict).
            String lock = before + "FTM_LOCK(" + mutex + ");\n" + ind;
            TextEdit first = swaps.remove(reg.first());
            edits.add(first == null ? TextEdit.insert(src.relPath(), Ast.range(reg.first()).start(), lock)
                    : new TextEdit(first.relPath(), first.offset(), first.length(), lock + first.replacement()));
            edits.addAll(swaps.values());
            // The unlock goes where a statement the fix removes began (an increment the lock now takes): one edit there.
            int afterAt = reg.afterOffset();
            for (; indexed < edits.size(); indexed++) {
                TextEdit x = edits.get(indexed);
                if (x.length() > 0 && x.replacement().isEmpty()) deletions.computeIfAbsent(x.offset(), k -> new java.util.ArrayDeque<>()).add(x);
            }
            java.util.ArrayDeque<TextEdit> here = deletions.get(afterAt);
            TextEdit removed = here == null ? null : here.poll();
            if (removed != null) dropped.add(removed);
            edits.add(new TextEdit(src.relPath(), afterAt, removed == null ? 0 : removed.length(), after + post));
        }
        edits.removeIf(dropped::contains);
        List<TextEdit> exitEdits = exits.build();
        if (!exits.ok()) return advice(exits.problem());
        edits.addAll(exitEdits);
        int skipped = group.stream().mapToInt(v -> unlockedReads.getOrDefault(v, 0)).sum();
        boolean lazyOnly = group.stream().noneMatch(plain::get);
        String what = lazyOnly ? "the check-and-set of " + names : "the accesses to " + names;
        return new Fix("hold a PyMutex (" + mutex + ", free-threaded builds only) over " + what + " in " + runs.size()
                + " place(s), unlocking on every exit" + (skipped > 0 ? "; " + skipped + " read(s) in conditions of functions that do not write them are not locked" : ""),
                FixSafety.REVIEW, edits);
    }

    /**
     * {@code Py_INCREF(x);} among the region's statements before {@code ret}, and no assignment of x
     * after it: the returned value is a new reference taken under the lock (a getter).
     */
    private static boolean increfBefore(SourceFile src, Region reg, IASTStatement ret, String name) {
        Pattern incref = Pattern.compile("Py_X?INCREF\\s*\\(\\s*" + Pattern.quote(name) + "\\s*\\)\\s*;");
        Pattern assign = Pattern.compile("(?<![\\w.>])" + Pattern.quote(name) + "\\s*=[^=]");
        boolean taken = false;
        for (IASTStatement st : reg.stmts) {
            if (st == ret) return taken;
            String code = src.text().substring(Ast.range(st).start(), Region.end(src, st)).strip();
            if (incref.matcher(code).matches()) taken = true;
            else if (assign.matcher(code).find()) taken = false;
        }
        return false;
    }

    /** True when calling {@code fn} (of this file) can reach a function that takes one of the group's locks. */
    private static boolean reachesLock(FileModel model, String fn, Set<String> locking, Set<String> seen) {
        if (!seen.add(fn)) return false;
        Optional<CFunction> f = model.function(fn);
        if (f.isEmpty()) return false;
        for (String c : Region.callees(f.get().node().getBody())) {
            if (locking.contains(c) || reachesLock(model, c, locking, seen)) return true;
        }
        return false;
    }

    /** The {@code if} whose null test guards a lazy initialisation. */
    private static IASTNode lazyIf(StaticAccess a) {
        Pattern name = Pattern.compile("\\b" + Pattern.quote(a.variable().name()) + "\\b");
        IASTNode found = null;
        for (IASTNode n = a.node(); n != null; n = n.getParent()) {
            if (n instanceof IASTIfStatement s && s.getConditionExpression() != null
                    && name.matcher(s.getConditionExpression().getRawSignature()).find()) found = s;
            if (n instanceof org.eclipse.cdt.core.dom.ast.IASTFunctionDefinition) break;
        }
        return found != null ? found : a.node();
    }

    /** The statement of a block that holds the node. */
    static IASTStatement blockChild(IASTNode n) {
        for (; n != null; n = n.getParent()) {
            // A block inside a macro's expansion (Py_XSETREF's do-while) is not one to edit: its invocation is.
            if (n instanceof IASTStatement s && n.getParent() instanceof IASTCompoundStatement c && writtenBlock(c)) return s;
        }
        return null;
    }

    private static boolean writtenBlock(IASTCompoundStatement c) {
        var locs = c.getNodeLocations();
        return locs.length > 0 && locs[0] instanceof org.eclipse.cdt.core.dom.ast.IASTFileLocation;
    }

    static Fix advice(String why) {
        return new Fix("not rewritten automatically: " + why, FixSafety.ADVICE, List.of());
    }
}
