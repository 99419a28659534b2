package dev.ftmigrate.analyzer;

import org.eclipse.cdt.core.dom.ast.ASTVisitor;
import org.eclipse.cdt.core.dom.ast.IASTBinaryExpression;
import org.eclipse.cdt.core.dom.ast.IASTDeclSpecifier;
import org.eclipse.cdt.core.dom.ast.IASTDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTDeclarator;
import org.eclipse.cdt.core.dom.ast.IASTEqualsInitializer;
import org.eclipse.cdt.core.dom.ast.IASTExpression;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;
import org.eclipse.cdt.core.dom.ast.IASTIdExpression;
import org.eclipse.cdt.core.dom.ast.IASTInitializerClause;
import org.eclipse.cdt.core.dom.ast.IASTSimpleDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTUnaryExpression;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The locals of one function body by name (shadowing is rare in extension code and ignored),
 * with every value assigned to each, and the calls made in the body in source order.
 */
public final class FunctionScope {
    /** A value stored into a local: by its declaration's initialiser or an assignment, at an offset. */
    public record Assignment(IASTInitializerClause value, int offset) {}

    private final CFunction function;
    private final Set<String> locals = new HashSet<>();
    private final Map<String, String> types = new HashMap<>();
    private final Map<String, List<Assignment>> assignments = new HashMap<>();
    private final List<IASTFunctionCallExpression> calls = new ArrayList<>();
    /** Locals stored into something that is not a local (a field, a global, through a pointer). */
    private final Map<String, List<Integer>> published = new HashMap<>();
    private final Set<String> parsed = new HashSet<>();
    private final List<IASTExpression> returned = new ArrayList<>();
    private final List<IASTExpression> assignedTargets = new ArrayList<>();
    /** Every name used as an expression in the body, in walk order: what other passes would walk the body again for. */
    private final List<IASTIdExpression> ids = new ArrayList<>();

    private final java.util.function.IntPredicate privateParam;

    public FunctionScope(CFunction function) { this(function, i -> false); }

    /** @param privateParam which parameters only ever receive a private object (see PrivateParams) */
    public FunctionScope(CFunction function, java.util.function.IntPredicate privateParam) {
        this.function = function;
        this.privateParam = privateParam;
        function.node().getBody().accept(new ASTVisitor() {
            { shouldVisitDeclarations = true; shouldVisitExpressions = true; shouldVisitStatements = true; }

            @Override
            public int visit(org.eclipse.cdt.core.dom.ast.IASTStatement st) {
                if (st instanceof org.eclipse.cdt.core.dom.ast.IASTReturnStatement r && r.getReturnValue() != null) {
                    returned.add(r.getReturnValue());
                }
                return PROCESS_CONTINUE;
            }

            @Override
            public int visit(IASTDeclaration d) {
                if (d instanceof IASTSimpleDeclaration sd && sd.getDeclSpecifier().getStorageClass() != IASTDeclSpecifier.sc_static) {
                    for (IASTDeclarator dt : sd.getDeclarators()) {
                        String n = dt.getName().toString();
                        locals.add(n);
                        types.putIfAbsent(n, ModelBuilder.typeText(sd.getDeclSpecifier(), dt));
                        if (dt.getInitializer() instanceof IASTEqualsInitializer eq) {
                            assignments.computeIfAbsent(n, k -> new ArrayList<>())
                                    .add(new Assignment(eq.getInitializerClause(), Ast.range(dt).start()));
                        }
                    }
                }
                return PROCESS_CONTINUE;
            }

            @Override
            public int visit(IASTExpression e) {
                if (e instanceof IASTIdExpression id) {
                    ids.add(id);
                } else if (e instanceof IASTBinaryExpression b && b.getOperator() == IASTBinaryExpression.op_assign) {
                    assignedTargets.add(b.getOperand1());
                    if (Ast.strip(b.getOperand1()) instanceof IASTIdExpression id && locals.contains(id.getName().toString())) {
                        assignments.computeIfAbsent(id.getName().toString(), k -> new ArrayList<>())
                                .add(new Assignment(b.getOperand2(), Ast.range(b).start()));
                    } else {
                        String v = Ast.identifier(b.getOperand2());
                        if (v != null) published.computeIfAbsent(v, k -> new ArrayList<>()).add(Ast.range(b).start());
                        if (Ast.strip(b.getOperand1()) instanceof IASTIdExpression id) {
                            assignments.computeIfAbsent(id.getName().toString(), k -> new ArrayList<>())
                                    .add(new Assignment(b.getOperand2(), Ast.range(b).start()));
                        }
                    }
                } else if (e instanceof IASTFunctionCallExpression c) {
                    calls.add(c);
                    String callee = Ast.calleeName(c);
                    if (callee != null && callee.startsWith("PyArg_")) {
                        for (IASTInitializerClause a : c.getArguments()) {
                            if (a instanceof IASTUnaryExpression u && u.getOperator() == IASTUnaryExpression.op_amper) {
                                String n = Ast.identifier(u.getOperand());
                                if (n != null) parsed.add(n);
                            }
                        }
                    }
                }
                return PROCESS_CONTINUE;
            }
        });
        indexCalls();
    }

    /** Per call, in source order: its start offset, the running maximum of starts, its callee (or null). */
    private int[] starts, prefixMax;
    private String[] callees;
    private final Map<String, int[]> byCallee = new HashMap<>();

    /** Indexes the calls once, so that lock and store questions look only at the calls that matter. */
    private void indexCalls() {
        int n = calls.size();
        starts = new int[n];
        prefixMax = new int[n];
        callees = new String[n];
        Map<String, List<Integer>> by = new HashMap<>();
        for (int i = 0; i < n; i++) {
            TextRange r = Ast.range(calls.get(i));
            starts[i] = r == null ? Integer.MAX_VALUE : r.start();
            prefixMax[i] = i == 0 ? starts[i] : Math.max(prefixMax[i - 1], starts[i]);
            callees[i] = Ast.calleeName(calls.get(i));
            if (callees[i] != null) by.computeIfAbsent(callees[i], k -> new ArrayList<>()).add(i);
        }
        by.forEach((k, v) -> byCallee.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
    }

    public CFunction function() { return function; }

    /**
     * The number of calls a walk "in source order until the first call at or after {@code offset}"
     * visits: the first index whose start is at or after the offset (found by bisection on the
     * running maximum, which gives the same index even where macro expansion reorders offsets).
     */
    public int callsBefore(int offset) {
        int lo = 0, hi = prefixMax.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (prefixMax[mid] >= offset) hi = mid; else lo = mid + 1;
        }
        return lo;
    }

    /** The start offset of call {@code i} (of {@link #calls()}). */
    public int callStart(int i) { return starts[i]; }

    /** The callee of call {@code i}, or null for an indirect call. */
    public String callee(int i) { return callees[i]; }

    /** Indexes (into {@link #calls()}, ascending) of the calls to {@code name}. */
    public int[] callsTo(String name) { return byCallee.getOrDefault(name, EMPTY); }

    private static final int[] EMPTY = new int[0];

    public boolean isLocal(String name) { return locals.contains(name); }

    /** Left-hand sides of every plain assignment in the body (locals, fields, globals). */
    public List<IASTExpression> assignedTargets() { return assignedTargets; }

    /** The identifier expressions of the body (variables, functions, enumerators), in the order a walk of it visits them. */
    public List<IASTIdExpression> ids() { return ids; }

    /** The expressions this function returns, in source order. */
    public List<IASTExpression> returned() { return returned; }

    /** True when the local is an output of PyArg_Parse*: an object the caller passed in. */
    public boolean parsedFromArguments(String name) { return parsed.contains(name); }

    /** The declared type of a local or parameter, as written; null when unknown. */
    public String typeOf(String name) {
        if (types.containsKey(name)) return types.get(name);
        int i = function.params().indexOf(name);
        return i >= 0 && i < function.paramTypes().size() ? function.paramTypes().get(i) : null;
    }

    /** True when every caller passes this parameter its own keyword-arguments dict: private to the call. */
    public boolean privateParam(String name) {
        int i = function.params().indexOf(name);
        return i >= 0 && isParam(name) && privateParam.test(i);
    }

    public boolean isParam(String name) { return function.params().contains(name) && !locals.contains(name); }

    public List<Assignment> assignments(String name) { return assignments.getOrDefault(name, List.of()); }

    public List<IASTFunctionCallExpression> calls() { return calls; }

    /** True when the local was stored into a field, a global or through a pointer before the offset. */
    public boolean publishedBefore(String name, int offset) {
        return published.getOrDefault(name, List.of()).stream().anyMatch(o -> o < offset);
    }
}
