package dev.ftmigrate.rules.fix;

import dev.ftmigrate.analyzer.Ast;
import org.eclipse.cdt.core.dom.ast.ASTVisitor;
import org.eclipse.cdt.core.dom.ast.IASTBinaryExpression;
import org.eclipse.cdt.core.dom.ast.IASTCompoundStatement;
import org.eclipse.cdt.core.dom.ast.IASTExpression;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;
import org.eclipse.cdt.core.dom.ast.IASTReturnStatement;
import org.eclipse.cdt.core.dom.ast.IASTStatement;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The {@code Py_INCREF}s a converted variable no longer needs: the old code took a reference of
 * its own to return it or to keep the value across a call, and the new API already gives one.
 * Such an INCREF is dropped; its paired {@code Py_DECREF} becomes the release, its return the
 * transfer of our reference.
 */
final class IncrefPairs {
    static final Set<String> STEALS = Set.of("PyList_SET_ITEM", "PyList_SetItem", "PyTuple_SET_ITEM", "PyTuple_SetItem",
            "PyModule_AddObject", "PyModule_Add", "PyStructSequence_SET_ITEM", "PyStructSequence_SetItem");
    static final Set<String> RELEASES = Set.of("Py_DECREF", "Py_XDECREF", "Py_CLEAR", "Py_SETREF", "Py_XSETREF");

    /** Py_INCREF statements to delete, with the statement that now consumes our reference. */
    final Map<IASTStatement, IASTStatement> increfPairs = new HashMap<>();
    final Map<IASTStatement, String> pairedReleases = new HashMap<>();
    final Set<IASTStatement> transferReturns = new HashSet<>();

    /** Finds {@code Py_INCREF(v); return v;} and {@code Py_INCREF(v); ... Py_DECREF(v);} in one block of {@code body}. */
    void find(IASTCompoundStatement body, String v) {
        body.accept(new ASTVisitor() {
            { shouldVisitStatements = true; }

            @Override
            public int visit(IASTStatement s) {
                if (!(s instanceof IASTCompoundStatement c)) return PROCESS_CONTINUE;
                IASTStatement[] all = c.getStatements();
                for (int i = 0; i < all.length; i++) {
                    String op = Stmts.refOp(all[i], v);
                    if (op == null || !op.endsWith("INCREF")) continue;
                    if (i + 1 < all.length && all[i + 1] instanceof IASTReturnStatement r && v.equals(Ast.identifier(r.getReturnValue()))) {
                        increfPairs.put(all[i], r);
                        transferReturns.add(r);
                        continue;
                    }
                    for (int j = i + 1; j < all.length; j++) {
                        String op2 = Stmts.refOp(all[j], v);
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
                if (st instanceof IASTReturnStatement r && r.getReturnValue() != null && Stmts.mentions(r.getReturnValue(), v)) hit[0] = true;
                return PROCESS_CONTINUE;
            }
        });
        return hit[0];
    }
}
