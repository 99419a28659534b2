package dev.ftmigrate.analyzer;

import org.eclipse.cdt.core.dom.ast.ASTVisitor;
import org.eclipse.cdt.core.dom.ast.IASTArraySubscriptExpression;
import org.eclipse.cdt.core.dom.ast.IASTBinaryExpression;
import org.eclipse.cdt.core.dom.ast.IASTExpression;
import org.eclipse.cdt.core.dom.ast.IASTFieldReference;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;
import org.eclipse.cdt.core.dom.ast.IASTIdExpression;
import org.eclipse.cdt.core.dom.ast.IASTInitializerClause;
import org.eclipse.cdt.core.dom.ast.IASTNode;
import org.eclipse.cdt.core.dom.ast.IASTUnaryExpression;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which pointer parameters each function of a file writes through ({@code *p = v}, {@code p->f = v},
 * {@code p[i] = v}, {@code memcpy(p, ...)}, or by handing {@code p} on to a helper that does), and
 * whether every such write sits under a NULL test of {@code *p} (a lazy fill: {@code if (*p == NULL)
 * *p = make();}). A static whose address is passed to such a parameter is written by the call:
 * {@code cache_import("m", "C", &cls)} is a lazy initialisation of {@code cls}.
 */
public final class ParamWrites {
    /** What a call does to the object its argument points to. */
    public enum Effect { NONE, WRITE, LAZY_WRITE }

    private record Edge(String callee, int param) {}

    private final Map<String, Effect[]> effects = new HashMap<>();

    private ParamWrites() {}

    /** The effect of {@code callee} on its parameter {@code index}, or null when the callee is not defined in the file. */
    public Effect effect(String callee, int index) {
        Effect[] e = effects.get(callee);
        if (e == null) return null;
        return index < e.length ? e[index] : Effect.NONE;
    }

    public static ParamWrites of(List<CFunction> functions) {
        ParamWrites pw = new ParamWrites();
        Map<String, List<List<Edge>>> handsOn = new HashMap<>();
        for (CFunction f : functions) {
            if (f.node() == null || f.node().getBody() == null || pw.effects.containsKey(f.name())) continue;
            Effect[] e = new Effect[f.params().size()];
            java.util.Arrays.fill(e, Effect.NONE);
            List<List<Edge>> edges = new ArrayList<>();
            for (int i = 0; i < e.length; i++) edges.add(new ArrayList<>());
            direct(f, e, edges);
            pw.effects.put(f.name(), e);
            handsOn.put(f.name(), edges);
        }
        // Helpers count in their callers: propagate until nothing changes (effects only grow, so this ends).
        Deque<String> work = new ArrayDeque<>();
        Map<Edge, List<Edge>> callers = new HashMap<>();
        handsOn.forEach((fn, edges) -> {
            for (int i = 0; i < edges.size(); i++) {
                for (Edge to : edges.get(i)) callers.computeIfAbsent(to, k -> new ArrayList<>()).add(new Edge(fn, i));
            }
        });
        callers.keySet().forEach(e -> work.add(e.callee()));
        while (!work.isEmpty()) {
            String g = work.poll();
            Effect[] ge = pw.effects.get(g);
            if (ge == null) continue;
            for (int j = 0; j < ge.length; j++) {
                if (ge[j] == Effect.NONE) continue;
                for (Edge c : callers.getOrDefault(new Edge(g, j), List.of())) {
                    Effect[] ce = pw.effects.get(c.callee());
                    Effect merged = merge(ce[c.param()], ge[j]);
                    if (merged != ce[c.param()]) {
                        ce[c.param()] = merged;
                        work.add(c.callee());
                    }
                }
            }
        }
        return pw;
    }

    /** A plain write anywhere wins over lazy fills: the parameter is then written unconditionally. */
    private static Effect merge(Effect a, Effect b) {
        if (a == Effect.WRITE || b == Effect.WRITE) return Effect.WRITE;
        if (a == Effect.LAZY_WRITE || b == Effect.LAZY_WRITE) return Effect.LAZY_WRITE;
        return Effect.NONE;
    }

    private static void direct(CFunction f, Effect[] e, List<List<Edge>> edges) {
        List<String> params = f.params();
        // A write under the function's own lock or critical section is not the hazard (the helper serialises it).
        FunctionScope scope = new FunctionScope(f);
        boolean anyLock = scope.calls().stream().anyMatch(c -> Locks.isLock(Ast.calleeName(c)));
        f.node().getBody().accept(new ASTVisitor() {
            { shouldVisitExpressions = true; }

            @Override
            public int visit(IASTExpression x) {
                if (!(x instanceof IASTIdExpression id)) return PROCESS_CONTINUE;
                int i = params.indexOf(id.getName().toString());
                if (i < 0) return PROCESS_CONTINUE;
                if (anyLock && Locks.held(scope, Ast.range(id) == null ? -1 : Ast.range(id).start())) return PROCESS_CONTINUE;
                IASTNode parent = id.getParent();
                while (parent instanceof IASTUnaryExpression u && u.getOperator() == IASTUnaryExpression.op_bracketedPrimary) parent = parent.getParent();
                if (parent instanceof IASTFunctionCallExpression call && call.getFunctionNameExpression() != id) {
                    handOn(call, id, i);
                    return PROCESS_CONTINUE;
                }
                IASTNode through = through(id);
                if (through != null && written(through)) {
                    Effect w = lazy(through, params.get(i)) ? Effect.LAZY_WRITE : Effect.WRITE;
                    e[i] = merge(e[i], w);
                }
                return PROCESS_CONTINUE;
            }

            private void handOn(IASTFunctionCallExpression call, IASTNode arg, int i) {
                String callee = Ast.calleeName(call);
                if (callee == null) return;
                IASTInitializerClause[] args = call.getArguments();
                int k = 0;
                while (k < args.length && !Ast.contains(args[k], arg)) k++;
                if (k == args.length) return;
                if ((k == 0 && StaticAccesses.DEST_FIRST.contains(callee))) e[i] = merge(e[i], Effect.WRITE);
                else edges.get(i).add(new Edge(callee, k));
            }
        });
    }

    /** The lvalue reached through the pointer parameter ({@code *p}, {@code p->f}, {@code p[i]}), or null. */
    private static IASTNode through(IASTIdExpression id) {
        IASTNode p = id;
        while (p.getParent() instanceof IASTUnaryExpression u && u.getOperator() == IASTUnaryExpression.op_bracketedPrimary) p = u;
        IASTNode parent = p.getParent();
        if (parent instanceof IASTUnaryExpression u && u.getOperator() == IASTUnaryExpression.op_star) return u;
        if (parent instanceof IASTArraySubscriptExpression a && a.getArrayExpression() == p) return a;
        if (parent instanceof IASTFieldReference r && r.getFieldOwner() == p && r.isPointerDereference()) return r;
        return null;
    }

    private static boolean written(IASTNode lv) {
        IASTNode p = lv;
        while (p.getParent() instanceof IASTUnaryExpression u && u.getOperator() == IASTUnaryExpression.op_bracketedPrimary) p = u;
        IASTNode parent = p.getParent();
        if (parent instanceof IASTBinaryExpression b && b.getOperand1() == p) {
            return b.getOperator() == IASTBinaryExpression.op_assign || Ast.compoundAssign(b.getOperator());
        }
        return parent instanceof IASTUnaryExpression u && Ast.incDec(u.getOperator());
    }

    /** {@code *p = v} under {@code if (*p == NULL)}, {@code if (!*p)} or {@code if (NULL == *p)}. */
    private static boolean lazy(IASTNode lv, String param) {
        return lv instanceof IASTUnaryExpression && Ast.underNullTest(lv, "\\(*\\*\\s*" + Pattern.quote(param) + "\\)*");
    }
}
