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
    /** The thread state released: holding a mutex over that blocking work serialises every thread. */
    private static final Pattern ALLOW_THREADS = Pattern.compile("\\b(Py_BEGIN_ALLOW_THREADS|Py_UNBLOCK_THREADS|PyEval_SaveThread)\\b");
    /** {@code Py_XSETREF(v, e);} or {@code Py_CLEAR(v);} of a locked static: the old value is released after the unlock. */
    private static final Pattern SWAP = Pattern.compile("(Py_X?SETREF)\\s*\\(\\s*(\\w+)\\s*,(.*)\\)\\s*;|(Py_CLEAR)\\s*\\(\\s*(\\w+)\\s*\\)\\s*;", Pattern.DOTALL);

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
                        .computeIfAbsent(index.computeIfAbsent(block, StaticLocks::positions).get(s), k -> new LinkedHashSet<>()).add(a.variable());
            }
        }
        // Adjacent statements form one run; the variables of a run share a mutex.
        Map<CVariable, CVariable> parent = new HashMap<>();
        for (CVariable v : plain.keySet()) parent.put(v, v);
        List<Run> runs = new ArrayList<>();
        Map<Run, Set<CVariable>> runVars = new HashMap<>();
        for (var e : anchors.entrySet()) {
            Run cur = null;
            Set<CVariable> vars = null;
            for (var s : e.getValue().entrySet()) {
                if (cur == null || s.getKey() != cur.to() + 1) {
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

    private static Map<IASTStatement, Integer> positions(IASTCompoundStatement block) {
        Map<IASTStatement, Integer> out = new HashMap<>();
        IASTStatement[] all = block.getStatements();
        for (int i = 0; i < all.length; i++) out.put(all[i], i);
        return out;
    }

    private static CVariable find(Map<CVariable, CVariable> parent, CVariable v) {
        while (parent.get(v) != v) v = parent.get(v);
        return v;
    }

    private static Fix groupFix(FixContext fx, List<CVariable> group, List<Run> runs, List<Run> allRuns,
                                Map<CVariable, Boolean> plain, Map<CVariable, Integer> unlockedReads) {
        FileModel model = fx.model();
        SourceFile src = model.source();
        String t = src.text();
        List<CVariable> sorted = new ArrayList<>(group);
        sorted.sort((a, b) -> a.fileScope() != b.fileScope() ? (a.fileScope() ? -1 : 1) : Integer.compare(a.nameRange().start(), b.nameRange().start()));
        CVariable home = sorted.get(0);
        String names = String.join(", ", sorted.stream().map(v -> "`" + v.name() + "`").toList());
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
            List<Integer> sites = runs.stream().map(r -> Ast.range(r.block().getStatements()[r.from()]).start()).toList();
            declAt = fx.memo(Conditionals.class, () -> new Conditionals(t)).placement(dr.start(), declAt, sites);
        }
        edits.add(TextEdit.insert(src.relPath(), declAt, "#ifdef Py_GIL_DISABLED\n" + declIndent + "static PyMutex " + mutex + ";\n#endif\n"));
        EditBuilder exits = new EditBuilder(src, fx.memo(SourceText.class, () -> SourceText.indentUnit(t)));
        for (Run r : runs) {
            Region reg = new Region(src, r.block(), r.from(), r.to());
            String problem = reg.layoutProblem();
            if (problem != null) return advice(problem);
            if (Ast.range(reg.first()).start() < dr.end()) return advice("`" + home.name() + "` is used before its declaration");
            if (reg.jumpedInto(r.fn())) return advice("a goto jumps into the statements to lock in " + r.fn().name() + "()");
            int fnStart = Ast.range(r.fn().node()).start(), at = Ast.range(reg.first()).start();
            if (heldBefore(model.code(), fnStart, at)) {
                return advice("the code already holds a lock here in " + r.fn().name() + "(): taking another one inside it can deadlock");
            }
            String regionCode = model.code().substring(at, Region.end(src, reg.last()));
            if (ALLOW_THREADS.matcher(regionCode).find()) {
                return advice(r.fn().name() + "() releases the GIL (Py_BEGIN_ALLOW_THREADS) inside the statements to lock: a mutex held over "
                        + "that blocking work serialises every thread; copy the shared values into locals under a lock before it instead");
            }
            // Releases of the statics' old values move after the unlock (a finalizer may re-enter and take the lock).
            List<String> preLines = new ArrayList<>(), postLines = new ArrayList<>();
            Map<IASTStatement, TextEdit> swaps = new LinkedHashMap<>();
            Set<IASTStatement> swapped = swaps.keySet();
            int lastExit = reg.exits().stream().mapToInt(e -> Ast.range(e.stmt()).start()).max().orElse(-1);
            for (IASTStatement st : reg.stmts) {
                java.util.regex.Matcher m = SWAP.matcher(model.code().substring(Ast.range(st).start(), Region.end(src, st)).strip());
                if (!m.matches()) continue;
                String macro = m.group(1) != null ? m.group(1) : m.group(4), var = m.group(1) != null ? m.group(2) : m.group(5);
                CVariable cv = group.stream().filter(g -> g.name().equals(var)).findFirst().orElse(null);
                if (cv == null || !cv.pointer() || Ast.range(st).start() < lastExit) continue;
                String old = Names.fresh(fx, r.fn(), "old", var);
                String type = cv.typeText().replaceAll("\\b(static|volatile)\\b", "").strip();
                preLines.add(type + (type.endsWith("*") ? "" : " ") + old + ";");
                String value = m.group(1) != null ? m.group(3).strip() : "NULL";
                String sind = SourceText.indentAt(t, Ast.range(st).start());
                swaps.put(st, new TextEdit(src.relPath(), Ast.range(st).start(), Region.end(src, st) - Ast.range(st).start(),
                        old + " = " + var + ";\n" + sind + var + " = " + value + ";"));
                postLines.add((macro.equals("Py_SETREF") ? "Py_DECREF(" : "Py_XDECREF(") + old + ");");
                            }
            // Macro names as written too (Py_XSETREF expands to calls of other names).
            Set<String> called = new HashSet<>();
            for (IASTStatement st : reg.stmts) {
                String code = model.code().substring(Ast.range(st).start(), Region.end(src, st));
                if (swapped.contains(st)) {
                    java.util.regex.Matcher m = SWAP.matcher(code.strip());
                    code = m.matches() && m.group(3) != null ? m.group(3) : "";
                } else {
                    called.addAll(Region.callees(st));
                }
                java.util.regex.Matcher m = Pattern.compile("\\b([A-Za-z_]\\w*)\\s*\\(").matcher(code);
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
            String escape = escapingPointer(src, reg, group);
            if (escape != null) return advice(escape);
            String ind = reg.indent();
            String pre = "", post = "";
            for (Region.Exit e : reg.exits()) {
                boolean top = e.stmt() == reg.last() && e.isReturn();
                String v = e.isReturn() ? Region.returnValue(src, (IASTReturnStatement) e.stmt()) : "";
                if (v == null) return advice("a return in " + r.fn().name() + "() is written with a macro");
                boolean reads0 = group.stream().anyMatch(g -> Pattern.compile("\\b" + Pattern.quote(g.name()) + "\\b").matcher(v).find());
                if (top && reads0) {
                    String type = Region.returnType(r.fn());
                    if (type == null || type.equals("void")) return advice("the return type of " + r.fn().name() + "() is not a plain one");
                    CVariable bare = group.stream().filter(g -> g.name().equals(v.strip()) && g.pointer()).findFirst().orElse(null);
                    if (bare != null) {
                        return advice(r.fn().name() + "() returns the pointer `" + bare.name() + "` after the unlock: a lock around it protects nothing "
                                + "(another thread can replace and release it); return a strong reference taken under the lock");
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
            edits.add(TextEdit.insert(src.relPath(), reg.afterOffset(), after + post));
        }
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
     * Why a locked statement hands a static pointer past the unlock ({@code p = cache;} with p used
     * after the run): the lock protects nothing then. Null when none does.
     */
    private static String escapingPointer(SourceFile src, Region reg, List<CVariable> group) {
        IASTStatement[] all = reg.block.getStatements();
        int after = List.of(all).indexOf(reg.last()) + 1;
        for (IASTStatement st : reg.stmts) {
            if (!SourceText.literal(st)) continue; // a macro's own temporaries (Py_XSETREF's _py_tmp)
            String local = null, from = null;
            if (st instanceof IASTDeclarationStatement ds && ds.getDeclaration() instanceof org.eclipse.cdt.core.dom.ast.IASTSimpleDeclaration sd) {
                for (var d : sd.getDeclarators()) {
                    if (d.getInitializer() instanceof org.eclipse.cdt.core.dom.ast.IASTEqualsInitializer ei) {
                        local = d.getName().toString();
                        from = baseName(ei.getInitializerClause());
                    }
                }
            } else if (st instanceof IASTExpressionStatement es && Ast.strip(es.getExpression()) instanceof org.eclipse.cdt.core.dom.ast.IASTBinaryExpression b
                    && b.getOperator() == org.eclipse.cdt.core.dom.ast.IASTBinaryExpression.op_assign) {
                local = Ast.identifier(b.getOperand1());
                from = baseName(b.getOperand2());
            }
            String f = from;
            if (local == null || f == null || group.stream().noneMatch(g -> g.name().equals(f) && g.typeText().contains("*"))) continue;
            for (int i = after; i < all.length; i++) {
                if (Plan.mentions(all[i], local)) {
                    return "`" + local + "` keeps the pointer read from `" + f + "` after the unlock: a lock around it protects nothing "
                            + "(another thread can replace and release it); take a strong reference (Py_NewRef) under the lock";
                }
            }
        }
        return null;
    }

    /** {@code x} for the value {@code x} or {@code x[i]} (an entry of a static table of pointers); else null. */
    private static String baseName(org.eclipse.cdt.core.dom.ast.IASTInitializerClause value) {
        var e = Ast.strip(value, true);
        if (e instanceof org.eclipse.cdt.core.dom.ast.IASTArraySubscriptExpression a) return Ast.identifier(a.getArrayExpression());
        return Ast.identifier(e);
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

    private static final Pattern HOLD = Pattern.compile("\\b(FTM_LOCK|PyMutex_Lock|PyThread_acquire_lock(?:_timed)?|pthread_mutex_lock|Py_BEGIN_CRITICAL_SECTION2?|ACQUIRE_LOCK|ENTER_LOCK)\\s*\\(");
    private static final Pattern RELEASE = Pattern.compile("\\b(FTM_UNLOCK|PyMutex_Unlock|PyThread_release_lock|pthread_mutex_unlock|Py_END_CRITICAL_SECTION2?|RELEASE_LOCK|LEAVE_LOCK)\\s*\\(");

    /** Lexically, more acquisitions than releases between the function's start and {@code at}: a lock is held there. */
    static boolean heldBefore(String code, int from, int at) {
        String span = code.substring(from, Math.max(from, at));
        int held = 0;
        java.util.regex.Matcher m = HOLD.matcher(span);
        while (m.find()) held++;
        m = RELEASE.matcher(span);
        while (m.find()) held--;
        return held > 0;
    }

    static Fix advice(String why) {
        return new Fix("not rewritten automatically: " + why, FixSafety.ADVICE, List.of());
    }
}
