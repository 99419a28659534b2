package dev.ftmigrate.rules.fix;

import dev.ftmigrate.analyzer.Ast;
import dev.ftmigrate.analyzer.CVariable;
import dev.ftmigrate.analyzer.SourceFile;
import dev.ftmigrate.rules.TextEdit;
import dev.ftmigrate.rules.engine.FixContext;
import org.eclipse.cdt.core.dom.ast.ASTVisitor;
import org.eclipse.cdt.core.dom.ast.IASTArraySubscriptExpression;
import org.eclipse.cdt.core.dom.ast.IASTBinaryExpression;
import org.eclipse.cdt.core.dom.ast.IASTBreakStatement;
import org.eclipse.cdt.core.dom.ast.IASTContinueStatement;
import org.eclipse.cdt.core.dom.ast.IASTDeclarationStatement;
import org.eclipse.cdt.core.dom.ast.IASTEqualsInitializer;
import org.eclipse.cdt.core.dom.ast.IASTExpressionStatement;
import org.eclipse.cdt.core.dom.ast.IASTGotoStatement;
import org.eclipse.cdt.core.dom.ast.IASTInitializerClause;
import org.eclipse.cdt.core.dom.ast.IASTReturnStatement;
import org.eclipse.cdt.core.dom.ast.IASTSimpleDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTStatement;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A static pointer read under the lock into a local that is used after the unlock
 * ({@code PyObject *p = cache;}): the lock protects nothing unless the local holds its own
 * reference, taken under the lock. Where the code takes that reference right after anyway
 * ({@code Py_INCREF(p);} before any other use), the read becomes {@code Py_NewRef(cache)} and the
 * increment goes: the ownership after the unlock is what it was. Anything else (a borrowed use, a
 * release as the static's own reference) is declined: whose reference it is would change.
 */
final class EscapingPointers {
    /** The edits (with the compat fallback), or why not. */
    record Outcome(List<TextEdit> edits, String problem) {}

    private EscapingPointers() {}

    static Outcome check(FixContext fx, Region reg, List<CVariable> group) {
        SourceFile src = fx.model().source();
        IASTStatement[] all = reg.all;
        int after = reg.after;
        List<TextEdit> edits = new ArrayList<>();
        for (IASTStatement st : reg.stmts) {
            if (!SourceText.literal(st)) continue; // a macro's own temporaries (Py_XSETREF's _py_tmp)
            String local = null, from = null;
            IASTInitializerClause value = null;
            boolean pointerLocal = false;
            if (st instanceof IASTDeclarationStatement ds && ds.getDeclaration() instanceof IASTSimpleDeclaration sd) {
                for (var d : sd.getDeclarators()) {
                    if (d.getInitializer() instanceof IASTEqualsInitializer ei) {
                        local = d.getName().toString();
                        value = ei.getInitializerClause();
                        pointerLocal = d.getPointerOperators().length > 0;
                        from = baseName(value);
                    }
                }
            } else if (st instanceof IASTExpressionStatement es && Ast.strip(es.getExpression()) instanceof IASTBinaryExpression b
                    && b.getOperator() == IASTBinaryExpression.op_assign) {
                local = Ast.identifier(b.getOperand1());
                from = baseName(b.getOperand2());
            }
            String f = from;
            boolean ptr = pointerLocal;
            // A pointer kept from the static: the static is one, or (a table of structs) the local is.
            if (local == null || f == null || group.stream().noneMatch(g -> g.name().equals(f) && (ptr || g.typeText().contains("*")))) continue;
            for (int i = after; i < all.length; i++) {
                if (!Stmts.mentions(all[i], local)) continue;
                List<TextEdit> take = strongRef(fx, src, st, value, all, after, i, local);
                if (take == null) {
                    return new Outcome(List.of(), "`" + local + "` keeps the pointer read from `" + f + "` after the unlock: a lock around it protects "
                            + "nothing (another thread can replace and release it); take a strong reference (Py_NewRef) under the lock "
                            + "(not done here: the code after the unlock uses it as a borrowed reference, so its release would have to be added)");
                }
                edits.addAll(take);
                break;
            }
        }
        return new Outcome(edits, null);
    }

    private static final Pattern INCREF = Pattern.compile("(Py_X?INCREF)\\s*\\(\\s*(\\w+)\\s*\\)\\s*;");

    /**
     * {@code PyObject *p = cache;} whose first use after the unlock is {@code Py_INCREF(p);} with no
     * jump before it: the declaration takes the reference and the increment goes. Else null.
     */
    private static List<TextEdit> strongRef(FixContext fx, SourceFile src, IASTStatement decl, IASTInitializerClause value,
                                            IASTStatement[] all, int after, int use, String local) {
        if (value == null || !(decl instanceof IASTDeclarationStatement ds) || !(ds.getDeclaration() instanceof IASTSimpleDeclaration sd)
                || sd.getDeclarators().length != 1 || !sd.getDeclSpecifier().getRawSignature().strip().equals("PyObject")
                || sd.getDeclarators()[0].getPointerOperators().length != 1) return null;
        var r = Ast.range(all[use]);
        Matcher m = INCREF.matcher(src.text().substring(r.start(), Region.end(src, all[use])));
        if (!(all[use] instanceof IASTExpressionStatement) || !m.matches() || !m.group(2).equals(local)) return null;
        for (int i = after; i < use; i++) if (jumps(all[i])) return null;
        Optional<List<TextEdit>> compat = Compat.provide(fx, "Py_NewRef");
        if (compat.isEmpty()) return null;
        List<TextEdit> out = new ArrayList<>(compat.get());
        var v = Ast.range(value);
        String call = m.group(1).equals("Py_XINCREF") ? "Py_XNewRef" : "Py_NewRef";
        out.add(new TextEdit(src.relPath(), v.start(), v.length(), call + "(" + Ast.text(src, value) + ")"));
        out.add(SourceText.deleteStatement(src, new dev.ftmigrate.analyzer.TextRange(r.start(), Region.end(src, all[use]))));
        return out;
    }

    private static boolean jumps(IASTStatement s) {
        boolean[] hit = {false};
        s.accept(new ASTVisitor() {
            { shouldVisitStatements = true; }

            @Override
            public int visit(IASTStatement st) {
                if (st instanceof IASTReturnStatement || st instanceof IASTGotoStatement || st instanceof IASTBreakStatement
                        || st instanceof IASTContinueStatement) hit[0] = true;
                return PROCESS_CONTINUE;
            }
        });
        return hit[0];
    }

    /** {@code x} for the value {@code x}, {@code x[i]} or {@code x[i].f} (an entry of a static table, a field of it); else null. */
    private static String baseName(IASTInitializerClause value) {
        var e = Ast.strip(value, true);
        while (e instanceof org.eclipse.cdt.core.dom.ast.IASTFieldReference f && !f.isPointerDereference()) e = Ast.strip(f.getFieldOwner(), true);
        if (e instanceof IASTArraySubscriptExpression a) return Ast.identifier(a.getArrayExpression());
        return Ast.identifier(e);
    }
}
