package dev.ftmigrate.rules.fix;

import dev.ftmigrate.analyzer.Ast;
import dev.ftmigrate.analyzer.CFunction;
import dev.ftmigrate.analyzer.FileModel;
import org.eclipse.cdt.core.dom.ast.ASTVisitor;
import org.eclipse.cdt.core.dom.ast.IASTBinaryExpression;
import org.eclipse.cdt.core.dom.ast.IASTCompoundStatement;
import org.eclipse.cdt.core.dom.ast.IASTDeclSpecifier;
import org.eclipse.cdt.core.dom.ast.IASTDeclarationStatement;
import org.eclipse.cdt.core.dom.ast.IASTDeclarator;
import org.eclipse.cdt.core.dom.ast.IASTEqualsInitializer;
import org.eclipse.cdt.core.dom.ast.IASTExpression;
import org.eclipse.cdt.core.dom.ast.IASTExpressionStatement;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;
import org.eclipse.cdt.core.dom.ast.IASTIdExpression;
import org.eclipse.cdt.core.dom.ast.IASTLabelStatement;
import org.eclipse.cdt.core.dom.ast.IASTNode;
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

/**
 * The borrowed calls of one function and the locals they are stored in, read before the ownership
 * walk: which locals can take a strong reference (a plain {@code PyObject *} local assigned only
 * by the calls), which {@code Py_INCREF} pairs fold into the new reference, and why a call or a
 * local is left alone.
 */
final class BorrowedLocals {
    /** A borrowed call stored into {@code var} by statement {@code stmt} ({@code PyObject *v = f(...);} or {@code v = f(...);}). */
    record Site(IASTFunctionCallExpression call, StrongRef api, String var, IASTStatement stmt, boolean declaration) {}

    /** A local holding borrowed values: where it is declared and whether that declaration is itself a site. */
    record Var(String name, IASTDeclarator declarator, IASTCompoundStatement block, boolean siteDeclaration, boolean initNull) {}

    final FileModel model;
    final CFunction fn;
    final IASTCompoundStatement body;
    final String returnType;
    /** How the function reports errors, and what its other locals hold. */
    final ErrorConvention errors;
    final LocalReferences locals;
    private final List<Site> sites = new ArrayList<>();
    private final Map<IASTFunctionCallExpression, String> reasons = new HashMap<>();
    private final Map<String, Var> vars = new LinkedHashMap<>();
    private final Map<String, String> unfixable = new LinkedHashMap<>();
    final IncrefPairs increfs = new IncrefPairs();
    final Map<String, IASTLabelStatement> topLabels = new HashMap<>();

    BorrowedLocals(FileModel model, CFunction fn, List<IASTFunctionCallExpression> calls) {
        this.model = model;
        this.fn = fn;
        this.body = (IASTCompoundStatement) fn.node().getBody();
        this.returnType = Region.returnType(fn, true);
        for (IASTStatement s : body.getStatements()) if (s instanceof IASTLabelStatement l) topLabels.put(l.getName().toString(), l);
        this.errors = new ErrorConvention(model, fn, returnType, topLabels);
        this.locals = new LocalReferences(model, fn);
        if (Stmts.hasProblems(body)) {
            for (IASTFunctionCallExpression c : calls) reasons.put(c, "the function has code the parser could not read");
            return;
        }
        for (IASTFunctionCallExpression c : calls) site(c);
        for (Site s : sites) vars.computeIfAbsent(s.var(), this::declaration);
        for (String v : vars.keySet()) check(v);
        for (String v : vars.keySet()) if (!unfixable.containsKey(v)) increfs.find(body, v);
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
                if (e instanceof IASTBinaryExpression b && v.equals(Ast.identifier(b.getOperand1())) && Stmts.isAssign(b.getOperator())
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
}
