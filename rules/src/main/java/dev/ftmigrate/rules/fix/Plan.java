package dev.ftmigrate.rules.fix;

import dev.ftmigrate.analyzer.Ast;
import dev.ftmigrate.analyzer.CFunction;
import dev.ftmigrate.analyzer.FileModel;
import dev.ftmigrate.analyzer.TextRange;
import org.eclipse.cdt.core.dom.ast.ASTVisitor;
import org.eclipse.cdt.core.dom.ast.IASTBinaryExpression;
import org.eclipse.cdt.core.dom.ast.IASTCompoundStatement;
import org.eclipse.cdt.core.dom.ast.IASTDeclSpecifier;
import org.eclipse.cdt.core.dom.ast.IASTDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTDeclarationStatement;
import org.eclipse.cdt.core.dom.ast.IASTDeclarator;
import org.eclipse.cdt.core.dom.ast.IASTEqualsInitializer;
import org.eclipse.cdt.core.dom.ast.IASTExpression;
import org.eclipse.cdt.core.dom.ast.IASTExpressionStatement;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;
import org.eclipse.cdt.core.dom.ast.IASTIdExpression;
import org.eclipse.cdt.core.dom.ast.IASTLabelStatement;
import org.eclipse.cdt.core.dom.ast.IASTNode;
import org.eclipse.cdt.core.dom.ast.IASTProblemHolder;
import org.eclipse.cdt.core.dom.ast.IASTReturnStatement;
import org.eclipse.cdt.core.dom.ast.IASTSimpleDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTStatement;
import org.eclipse.cdt.core.dom.ast.IASTUnaryExpression;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What {@link OwnershipWalker} needs to know about one function before it walks it. */
final class Plan {
    /** A borrowed call stored into {@code var} by statement {@code stmt} ({@code PyObject *v = f(...);} or {@code v = f(...);}). */
    record Site(IASTFunctionCallExpression call, StrongRef api, String var, IASTStatement stmt, boolean declaration) {}

    /** A local holding borrowed values: where it is declared and whether that declaration is itself a site. */
    record Var(String name, IASTDeclarator declarator, IASTCompoundStatement block, boolean siteDeclaration, boolean initNull) {}

    /** How the function reports an error: {@code goto label;} or {@code return value;}. */
    record ErrorExit(String label, String value, String resultVar) {
        String statement() { return label != null ? "goto " + label + ";" : "return " + value + ";"; }
    }

    static final Set<String> ERROR_LABELS = Set.of("error", "err", "fail", "failed", "failure", "error_exit", "on_error", "bad", "except");
    static final Set<String> STEALS = Set.of("PyList_SET_ITEM", "PyList_SetItem", "PyTuple_SET_ITEM", "PyTuple_SetItem",
            "PyModule_AddObject", "PyModule_Add", "PyStructSequence_SET_ITEM", "PyStructSequence_SetItem");
    static final Set<String> RELEASES = Set.of("Py_DECREF", "Py_XDECREF", "Py_CLEAR", "Py_SETREF", "Py_XSETREF");

    final FileModel model;
    final CFunction fn;
    final IASTCompoundStatement body;
    final String returnType;
    final ErrorExit errorExit;
    private final List<Site> sites = new ArrayList<>();
    private final Map<IASTFunctionCallExpression, String> reasons = new HashMap<>();
    private final Map<String, Var> vars = new LinkedHashMap<>();
    private final Map<String, String> unfixable = new LinkedHashMap<>();
    /** Py_INCREF statements to delete, with the statement that now consumes our reference. */
    final Map<IASTStatement, IASTStatement> increfPairs = new HashMap<>();
    final Map<IASTStatement, String> pairedReleases = new HashMap<>();
    final Set<IASTStatement> transferReturns = new HashSet<>();
    final Map<String, IASTLabelStatement> topLabels = new HashMap<>();

    Plan(FileModel model, CFunction fn, List<IASTFunctionCallExpression> calls) {
        this.model = model;
        this.fn = fn;
        this.body = (IASTCompoundStatement) fn.node().getBody();
        this.returnType = returnType(fn);
        for (IASTStatement s : body.getStatements()) if (s instanceof IASTLabelStatement l) topLabels.put(l.getName().toString(), l);
        this.errorExit = errorExit();
        if (hasProblems(body)) {
            for (IASTFunctionCallExpression c : calls) reasons.put(c, "the function has code the parser could not read");
            return;
        }
        for (IASTFunctionCallExpression c : calls) site(c);
        for (Site s : sites) vars.computeIfAbsent(s.var(), this::declaration);
        for (String v : vars.keySet()) check(v);
        for (String v : vars.keySet()) pairs(v);
    }

    List<Site> sites() { return sites; }

    Map<String, Var> vars() { return vars; }

    Set<String> fixableVars() {
        Set<String> out = new java.util.LinkedHashSet<>(vars.keySet());
        out.removeAll(unfixable.keySet());
        return out;
    }

    Map<String, String> unfixable() { return unfixable; }

    String varOf(IASTFunctionCallExpression call) {
        for (Site s : sites) if (s.call() == call) return s.var();
        return null;
    }

    String reason(IASTFunctionCallExpression call) {
        return reasons.getOrDefault(call, "the borrowed value is not stored in a local variable");
    }

    Site siteAt(IASTStatement stmt) {
        for (Site s : sites) if (s.stmt() == stmt) return s;
        return null;
    }

    private void site(IASTFunctionCallExpression c) {
        StrongRef api = StrongRef.OLD.get(Ast.calleeName(c));
        IASTNode p = c.getParent();
        while (p instanceof IASTUnaryExpression u && u.getOperator() == IASTUnaryExpression.op_bracketedPrimary) p = p.getParent();
        String var = null;
        IASTStatement stmt = null;
        boolean decl = false;
        if (p instanceof IASTBinaryExpression b && b.getOperator() == IASTBinaryExpression.op_assign
                && Ast.strip(b.getOperand1()) instanceof IASTIdExpression id && b.getParent() instanceof IASTExpressionStatement es) {
            var = id.getName().toString();
            stmt = es;
        } else if (p instanceof IASTEqualsInitializer eq && eq.getParent() instanceof IASTDeclarator d
                && d.getParent() instanceof IASTSimpleDeclaration sd && sd.getDeclarators().length == 1
                && sd.getParent() instanceof IASTDeclarationStatement ds) {
            var = d.getName().toString();
            stmt = ds;
            decl = true;
        }
        if (var == null) { reasons.put(c, "the borrowed value is used directly instead of being stored in a local variable"); return; }
        if (!(stmt.getParent() instanceof IASTCompoundStatement) || !SourceText.literal(stmt)
                || !SourceText.firstOnLine(model.source().text(), Ast.range(stmt).start())) {
            reasons.put(c, "the statement storing the value is not a plain statement of a block");
            return;
        }
        sites.add(new Site(c, api, var, stmt, decl));
    }

    private Var declaration(String name) {
        List<IASTDeclarator> found = new ArrayList<>();
        body.accept(new ASTVisitor() {
            { shouldVisitDeclarators = true; }

            @Override
            public int visit(IASTDeclarator d) {
                if (d.getName().toString().equals(name) && !(d instanceof org.eclipse.cdt.core.dom.ast.IASTFunctionDeclarator)) found.add(d);
                return PROCESS_CONTINUE;
            }
        });
        if (found.size() != 1) {
            unfixable.put(name, found.isEmpty() ? "`" + name + "` is not a local variable of " + fn.name() + "()" : "`" + name + "` is declared more than once");
            return new Var(name, null, null, false, false);
        }
        IASTDeclarator d = found.get(0);
        IASTNode sd = d.getParent();
        boolean ok = sd instanceof IASTSimpleDeclaration s && s.getDeclSpecifier().getStorageClass() != IASTDeclSpecifier.sc_static
                && s.getDeclSpecifier().getRawSignature().strip().equals("PyObject") && d.getPointerOperators().length == 1
                && sd.getParent() instanceof IASTDeclarationStatement ds && ds.getParent() instanceof IASTCompoundStatement;
        if (!ok) {
            unfixable.put(name, "`" + name + "` is not a plain `PyObject *` local");
            return new Var(name, null, null, false, false);
        }
        boolean siteDecl = sites.stream().anyMatch(s -> s.declaration() && s.var().equals(name));
        boolean initNull = d.getInitializer() instanceof IASTEqualsInitializer eq && eq.getInitializerClause() instanceof IASTExpression e && Stmts.isNull(e);
        if (!siteDecl && d.getInitializer() != null && !initNull) unfixable.put(name, "`" + name + "` is initialised with another value");
        return new Var(name, d, (IASTCompoundStatement) sd.getParent().getParent(), siteDecl, initNull);
    }

    /** Every store into the variable must be one of the sites, and its address must never be taken. */
    private void check(String v) {
        if (unfixable.containsKey(v)) return;
        Set<IASTStatement> siteStmts = new HashSet<>();
        for (Site s : sites) if (s.var().equals(v)) siteStmts.add(s.stmt());
        boolean weak = sites.stream().anyMatch(s -> s.var().equals(v) && s.api() == StrongRef.WEAKREF);
        boolean[] bad = {false};
        String[] why = {null};
        body.accept(new ASTVisitor() {
            { shouldVisitExpressions = true; }

            @Override
            public int visit(IASTExpression e) {
                if (e instanceof IASTBinaryExpression b && v.equals(Ast.identifier(b.getOperand1())) && isAssign(b.getOperator())
                        && !(b.getOperator() == IASTBinaryExpression.op_assign && siteStmts.contains(b.getParent()))) {
                    bad[0] = true; why[0] = "`" + v + "` is also assigned other values";
                } else if (e instanceof IASTUnaryExpression u && u.getOperator() == IASTUnaryExpression.op_amper
                        && v.equals(Ast.identifier(u.getOperand()))) {
                    bad[0] = true; why[0] = "the address of `" + v + "` is taken";
                } else if (weak && Stmts.nullTest(e) != null && Stmts.nullTest(e).variable().equals(v) && !(e instanceof IASTIdExpression)) {
                    bad[0] = true; why[0] = "`" + v + "` is compared with NULL, which the old weakref API used for errors and the new one for a dead referent";
                }
                return PROCESS_CONTINUE;
            }
        });
        if (bad[0]) unfixable.put(v, why[0]);
    }

    static boolean isAssign(int op) {
        return op == IASTBinaryExpression.op_assign || op == IASTBinaryExpression.op_plusAssign || op == IASTBinaryExpression.op_minusAssign;
    }

    /** Finds Py_INCREF(v); return v; and Py_INCREF(v); ... Py_DECREF(v); in one block. */
    private void pairs(String v) {
        if (unfixable.containsKey(v)) return;
        body.accept(new ASTVisitor() {
            { shouldVisitStatements = true; }

            @Override
            public int visit(IASTStatement s) {
                if (!(s instanceof IASTCompoundStatement c)) return PROCESS_CONTINUE;
                IASTStatement[] all = c.getStatements();
                for (int i = 0; i < all.length; i++) {
                    String op = refOp(all[i], v);
                    if (op == null || !op.endsWith("INCREF")) continue;
                    if (i + 1 < all.length && all[i + 1] instanceof IASTReturnStatement r && v.equals(Ast.identifier(r.getReturnValue()))) {
                        increfPairs.put(all[i], r);
                        transferReturns.add(r);
                        continue;
                    }
                    for (int j = i + 1; j < all.length; j++) {
                        String op2 = refOp(all[j], v);
                        if (op2 != null && op2.endsWith("DECREF")) {
                            increfPairs.put(all[i], all[j]);
                            pairedReleases.put(all[j], v);
                            break;
                        }
                        // Py_XINCREF(v); if (v == NULL) ...; return v;: the reference the INCREF took is returned.
                        if (all[j] instanceof IASTReturnStatement r && v.equals(Ast.identifier(r.getReturnValue()))) {
                            increfPairs.put(all[i], r);
                            transferReturns.add(r);
                            break;
                        }
                        if (keepsReference(all[j], v)) break;
                    }
                }
                return PROCESS_CONTINUE;
            }
        });
    }

    /** "Py_INCREF" etc. when the statement is exactly {@code Py_INCREF(v);}. */
    static String refOp(IASTStatement s, String v) {
        if (!(s instanceof IASTExpressionStatement es) || !(es.getExpression() instanceof IASTFunctionCallExpression c)) return null;
        String callee = Ast.calleeName(c);
        if (callee == null || c.getArguments().length != 1 || !v.equals(Ast.identifier(c.getArguments()[0]))) return null;
        return Set.of("Py_INCREF", "Py_XINCREF", "Py_DECREF", "Py_XDECREF").contains(callee) ? callee : null;
    }

    /** The statement releases, stores, steals or returns v: an INCREF before it cannot be folded into ours. */
    private static boolean keepsReference(IASTStatement s, String v) {
        boolean[] hit = {false};
        s.accept(new ASTVisitor() {
            { shouldVisitExpressions = true; shouldVisitStatements = true; }

            @Override
            public int visit(IASTExpression e) {
                if (e instanceof IASTFunctionCallExpression c) {
                    String callee = Ast.calleeName(c);
                    for (var a : c.getArguments()) {
                        if (v.equals(Ast.identifier(a)) && callee != null && (STEALS.contains(callee) || RELEASES.contains(callee))) hit[0] = true;
                    }
                } else if (e instanceof IASTBinaryExpression b && b.getOperator() == IASTBinaryExpression.op_assign && v.equals(Ast.identifier(b.getOperand2()))) {
                    hit[0] = true;
                }
                return PROCESS_CONTINUE;
            }

            @Override
            public int visit(IASTStatement st) {
                if (st instanceof IASTReturnStatement r && r.getReturnValue() != null && mentions(r.getReturnValue(), v)) hit[0] = true;
                return PROCESS_CONTINUE;
            }
        });
        return hit[0];
    }

    static boolean mentions(IASTNode n, String v) {
        boolean[] hit = {false};
        n.accept(new ASTVisitor() {
            { shouldVisitExpressions = true; }

            @Override
            public int visit(IASTExpression e) {
                if (e instanceof IASTIdExpression id && id.getName().toString().equals(v)) hit[0] = true;
                return hit[0] ? PROCESS_ABORT : PROCESS_CONTINUE;
            }
        });
        return hit[0];
    }

    private static boolean hasProblems(IASTNode n) {
        boolean[] hit = {false};
        n.accept(new ASTVisitor() {
            { shouldVisitStatements = true; shouldVisitExpressions = true; shouldVisitDeclarations = true; shouldVisitProblems = true; }

            @Override
            public int visit(org.eclipse.cdt.core.dom.ast.IASTProblem p) { hit[0] = true; return PROCESS_ABORT; }

            @Override
            public int visit(IASTStatement s) { if (s instanceof IASTProblemHolder) hit[0] = true; return PROCESS_CONTINUE; }

            @Override
            public int visit(IASTDeclaration d) { if (d instanceof IASTProblemHolder) hit[0] = true; return PROCESS_CONTINUE; }
        });
        return hit[0];
    }

    /** The declared return type as text ("PyObject *", "int"), or null when unknown. */
    private static String returnType(CFunction fn) {
        return Region.returnType(fn, true);
    }

    private ErrorExit errorExit() {
        if (returnType == null) return null;
        String value;
        String text = Ast.text(model.source(), fn.node());
        if (returnType.endsWith("*")) value = "NULL";
        else if (Set.of("int", "Py_ssize_t", "long").contains(returnType)
                && (text.matches("(?s).*\\breturn\\s+-1\\s*;.*") || text.matches("(?s).*\\b(int|Py_ssize_t|long)\\s+\\w+\\s*=\\s*-1\\s*[;,].*"))) value = "-1";
        else return null;
        // The cleanup label the function's own gotos use: a conventional name first, then any label jumped to.
        List<IASTLabelStatement> labels = new ArrayList<>(topLabels.values());
        labels.sort(java.util.Comparator.comparing((IASTLabelStatement l) -> !ERROR_LABELS.contains(l.getName().toString()))
                .thenComparingInt(l -> Ast.range(l).start()));
        Set<String> jumpedTo = gotoTargets();
        for (IASTLabelStatement l : labels) {
            String name = l.getName().toString();
            if (!ERROR_LABELS.contains(name) && !jumpedTo.contains(name)) continue;
            String tail = returnedAfter(l);
            if (value.equals(tail)) return new ErrorExit(name, value, null);
        }
        // A common exit returning the function's result variable, still at its error value where the error happens.
        for (IASTLabelStatement l : labels) {
            String name = l.getName().toString(), tail = returnedAfter(l);
            if (!jumpedTo.contains(name) || tail == null || !tail.matches("[A-Za-z_]\\w*") || !initialisedTo(tail, value)) continue;
            return new ErrorExit(name, value, tail);
        }
        return new ErrorExit(null, value, null);
    }

    /** How to leave with an error from {@code offset}: the common exit when its result variable is still unset there. */
    ErrorExit errorExitAt(int offset) {
        if (errorExit == null || errorExit.resultVar() == null) return errorExit;
        dev.ftmigrate.analyzer.FunctionScope scope = new dev.ftmigrate.analyzer.FunctionScope(fn);
        boolean unset = scope.assignments(errorExit.resultVar()).stream().allMatch(a -> a.offset() > offset
                || Ast.text(model.source(), a.value()).strip().equals(errorExit.value()));
        return unset ? errorExit : new ErrorExit(null, errorExit.value(), null);
    }

    private Set<String> gotoTargets() {
        Set<String> out = new HashSet<>();
        body.accept(new ASTVisitor() {
            { shouldVisitStatements = true; }

            @Override
            public int visit(IASTStatement s) {
                if (s instanceof org.eclipse.cdt.core.dom.ast.IASTGotoStatement g) out.add(g.getName().toString());
                return PROCESS_CONTINUE;
            }
        });
        return out;
    }

    /** A local declared at the top of the body with {@code value} as its initialiser. */
    private boolean initialisedTo(String name, String value) {
        for (IASTStatement s : body.getStatements()) {
            if (!(s instanceof IASTDeclarationStatement ds) || !(ds.getDeclaration() instanceof IASTSimpleDeclaration sd)) continue;
            for (IASTDeclarator d : sd.getDeclarators()) {
                if (d.getName().toString().equals(name) && d.getInitializer() instanceof IASTEqualsInitializer eq) {
                    String init = Ast.text(model.source(), eq.getInitializerClause()).strip();
                    return init.equals(value) || (value.equals("NULL") && Stmts.isNull((IASTExpression) eq.getInitializerClause()));
                }
            }
        }
        return false;
    }

    /** The text of the first return the statements from the label on reach, or null. */
    private String returnedAfter(IASTLabelStatement l) {
        boolean on = false;
        for (IASTStatement s : body.getStatements()) {
            if (s == l) on = true;
            if (!on) continue;
            IASTStatement t = s;
            while (t instanceof IASTLabelStatement ls) t = ls.getNestedStatement();
            if (t instanceof IASTReturnStatement r) return r.getReturnValue() == null ? null : Ast.text(model.source(), r.getReturnValue()).strip();
        }
        return null;
    }

    /**
     * A local other than the converted ones that already holds a reference at {@code offset} and
     * is released or returned later: a new {@code return NULL;} there would leak it.
     */
    String liveOwnedLocal(int offset, Set<String> converted) {
        dev.ftmigrate.analyzer.FunctionScope scope = new dev.ftmigrate.analyzer.FunctionScope(fn);
        String code = model.code();
        int end = Math.min(code.length(), fn.range().end());
        String after = offset < end ? code.substring(offset, end) : "";
        for (IASTDeclarator d : localDeclarators()) {
            String x = d.getName().toString();
            if (converted.contains(x) || !scope.isLocal(x)) continue;
            boolean held = scope.assignments(x).stream().anyMatch(a -> a.offset() < offset
                    && Ast.strip(a.value(), false) instanceof IASTFunctionCallExpression);
            if (!held) continue;
            String q = java.util.regex.Pattern.quote(x);
            if (java.util.regex.Pattern.compile("\\b(Py_DECREF|Py_XDECREF|Py_CLEAR|Py_SETREF|Py_XSETREF)\\s*\\(\\s*" + q + "\\s*[,)]"
                    + "|\\breturn\\s+(\\(\\s*PyObject\\s*\\*\\s*\\)\\s*)?" + q + "\\s*;").matcher(after).find()) return x;
        }
        return null;
    }

    private List<IASTDeclarator> localDeclarators() {
        List<IASTDeclarator> out = new ArrayList<>();
        body.accept(new ASTVisitor() {
            { shouldVisitDeclarators = true; }

            @Override
            public int visit(IASTDeclarator d) {
                if (d.getParent() instanceof IASTSimpleDeclaration) out.add(d);
                return PROCESS_CONTINUE;
            }
        });
        return out;
    }

    private final Map<String, Set<String>> aliases = new HashMap<>();

    /**
     * The variable and every local assigned from an expression using it (a tuple item of a
     * borrowed tuple, the dict of a borrowed module): all of them die with its reference.
     */
    Set<String> aliases(String v) {
        return aliases.computeIfAbsent(v, k -> {
            dev.ftmigrate.analyzer.FunctionScope scope = new dev.ftmigrate.analyzer.FunctionScope(fn);
            Set<String> out = new java.util.LinkedHashSet<>(List.of(k));
            boolean grew = true;
            while (grew) {
                grew = false;
                for (IASTDeclarator d : localDeclarators()) {
                    String x = d.getName().toString();
                    if (out.contains(x)) continue;
                    for (var a : scope.assignments(x)) {
                        if (out.stream().anyMatch(y -> derives(a.value(), y))) { out.add(x); grew = true; break; }
                    }
                }
            }
            return out;
        });
    }

    /** APIs whose result lives only as long as their first argument. */
    static final Set<String> BORROWING = Set.of("PyTuple_GET_ITEM", "PyTuple_GetItem", "PyList_GET_ITEM", "PyList_GetItem",
            "PyModule_GetDict", "PyDict_GetItem", "PyDict_GetItemString", "PyDict_GetItemWithError", "PySequence_Fast_GET_ITEM",
            "PySequence_Fast_ITEMS", "PyBytes_AS_STRING", "PyBytes_AsString", "PyUnicode_AsUTF8", "PyUnicode_AsUTF8AndSize",
            "PyByteArray_AS_STRING", "PyByteArray_AsString", "PyModule_GetState", "PyCapsule_GetPointer", "PyCell_GET",
            "PyWeakref_GET_OBJECT", "PyWeakref_GetObject", "PyMemoryView_GET_BUFFER", "PyModule_GetNameObject");

    /** The value is {@code y} itself, a field or item of it, or a borrowing accessor applied to it. */
    private static boolean derives(org.eclipse.cdt.core.dom.ast.IASTInitializerClause value, String y) {
        var e = Ast.strip(value, false);
        if (e instanceof IASTIdExpression id) return id.getName().toString().equals(y);
        if (e instanceof org.eclipse.cdt.core.dom.ast.IASTFieldReference f) return derives(f.getFieldOwner(), y);
        if (e instanceof org.eclipse.cdt.core.dom.ast.IASTArraySubscriptExpression a) return derives(a.getArrayExpression(), y);
        if (e instanceof IASTFunctionCallExpression c && BORROWING.contains(String.valueOf(Ast.calleeName(c))) && c.getArguments().length > 0) {
            return derives(c.getArguments()[0], y);
        }
        return false;
    }

    boolean mentionsAlias(IASTNode n, String v) {
        for (String a : aliases(v)) if (mentions(n, a)) return true;
        return false;
    }
}
