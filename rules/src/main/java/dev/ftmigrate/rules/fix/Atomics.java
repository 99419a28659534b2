package dev.ftmigrate.rules.fix;

import dev.ftmigrate.analyzer.Ast;
import dev.ftmigrate.analyzer.CFunction;
import dev.ftmigrate.analyzer.CVariable;
import dev.ftmigrate.analyzer.StaticAccess;
import dev.ftmigrate.analyzer.TextRange;
import dev.ftmigrate.rules.Fix;
import dev.ftmigrate.rules.FixSafety;
import dev.ftmigrate.rules.TextEdit;
import dev.ftmigrate.rules.engine.FixContext;
import org.eclipse.cdt.core.dom.ast.IASTBinaryExpression;
import org.eclipse.cdt.core.dom.ast.IASTConditionalExpression;
import org.eclipse.cdt.core.dom.ast.IASTDoStatement;
import org.eclipse.cdt.core.dom.ast.IASTForStatement;
import org.eclipse.cdt.core.dom.ast.IASTIfStatement;
import org.eclipse.cdt.core.dom.ast.IASTNode;
import org.eclipse.cdt.core.dom.ast.IASTSimpleDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTStatement;
import org.eclipse.cdt.core.dom.ast.IASTSwitchStatement;
import org.eclipse.cdt.core.dom.ast.IASTUnaryExpression;
import org.eclipse.cdt.core.dom.ast.IASTWhileStatement;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * FT401 counters and flags: a static integer that is only incremented, added to, stored and
 * loaded (never tested and then written by the same function, never address-taken) becomes a
 * C11 {@code _Atomic} through the compat header's {@code FTM_ATOMIC}. Every {@code ++}, {@code +=}
 * and store on an {@code _Atomic} object is then one indivisible step and every read a whole
 * value: the code is left as written and no lock is taken on a hot path. This is what CPython
 * does for its own counters; its {@code _Py_atomic_*} helpers are private API, so extensions use
 * C11. Readers of two counters may see one updated before the other (as with any statistics).
 */
final class Atomics {
    private static final Pattern INTEGER = Pattern.compile("(unsigned |signed )?(char|short|int|long|long int|long long|long long int)"
            + "|unsigned|Py_ssize_t|size_t|Py_hash_t|Py_uhash_t|u?int(8|16|32|64)_t|u?intptr_t|Py_uintptr_t|Py_intptr_t|_Bool|bool");

    private Atomics() {}

    /** True when every use of {@code v} is a single load, store or read-modify-write that C11 makes atomic. */
    static boolean fits(CVariable v, List<StaticAccess> uses) {
        if (!v.isStatic() || v.extern() || v.array() || v.pointer() || v.constant() || v.declarator() == null) return false;
        String type = v.typeText().replaceAll("\\b(static|volatile)\\b", "").replaceAll("\\s+", " ").strip();
        if (!INTEGER.matcher(type).matches()) return false;
        if (!(v.declarator().getParent() instanceof IASTSimpleDeclaration sd) || sd.getDeclarators().length != 1) return false;
        Set<CFunction> writers = new HashSet<>(), testers = new HashSet<>();
        for (StaticAccess a : uses) {
            IASTNode n = a.node(), p = n.getParent();
            while (p instanceof IASTUnaryExpression u && u.getOperator() == IASTUnaryExpression.op_bracketedPrimary) { n = p; p = p.getParent(); }
            if (p instanceof IASTUnaryExpression u) {
                int op = u.getOperator();
                if (op == IASTUnaryExpression.op_amper) return false;
                if (op == IASTUnaryExpression.op_prefixIncr || op == IASTUnaryExpression.op_prefixDecr
                        || op == IASTUnaryExpression.op_postFixIncr || op == IASTUnaryExpression.op_postFixDecr) { writers.add(a.function()); continue; }
            }
            if (p instanceof IASTBinaryExpression b && b.getOperand1() == n) {
                int op = b.getOperator();
                if (op == IASTBinaryExpression.op_assign) {
                    // v = v + 1 is a load and a store: two steps even on an atomic.
                    if (Pattern.compile("\\b" + Pattern.quote(v.name()) + "\\b").matcher(b.getOperand2().getRawSignature()).find()) return false;
                    writers.add(a.function());
                    continue;
                }
                if (op == IASTBinaryExpression.op_plusAssign || op == IASTBinaryExpression.op_minusAssign || op == IASTBinaryExpression.op_binaryOrAssign
                        || op == IASTBinaryExpression.op_binaryAndAssign || op == IASTBinaryExpression.op_binaryXorAssign) { writers.add(a.function()); continue; }
                if (Stmts.isAssign(op)) return false;
            }
            if (inCondition(a.node())) testers.add(a.function());
        }
        for (CFunction f : testers) if (writers.contains(f)) return false; // check-then-act needs a lock
        return !writers.isEmpty();
    }

    private static boolean inCondition(IASTNode n) {
        for (IASTNode c = n; c.getParent() != null && !(c instanceof IASTStatement); c = c.getParent()) {
            IASTNode p = c.getParent();
            if (p instanceof IASTIfStatement s && s.getConditionExpression() == c) return true;
            if (p instanceof IASTWhileStatement s && s.getCondition() == c) return true;
            if (p instanceof IASTDoStatement s && s.getCondition() == c) return true;
            if (p instanceof IASTForStatement s && s.getConditionExpression() == c) return true;
            if (p instanceof IASTSwitchStatement s && s.getControllerExpression() == c) return true;
            if (p instanceof IASTConditionalExpression s && s.getLogicalConditionExpression() == c) return true;
        }
        return false;
    }

    /** The fix: FTM_ATOMIC in the declaration, after {@code static}. */
    static Fix fix(FixContext fx, CVariable v) {
        String t = fx.model().source().text();
        TextRange dr = Ast.range(v.declarator().getParent());
        if (dr == null || !t.startsWith("static", dr.start())) return StaticLocks.advice("the declaration of `" + v.name() + "` does not start with `static`");
        List<TextEdit> edits = new ArrayList<>();
        Optional<List<TextEdit>> compat = Compat.provide(fx, "FTM_ATOMIC");
        if (compat.isEmpty()) return StaticLocks.advice("no #include to put the FTM_ATOMIC definition after");
        edits.addAll(compat.get());
        int at = SourceText.skipBlanks(t, dr.start() + "static".length());
        edits.add(TextEdit.insert(fx.model().source().relPath(), at, "FTM_ATOMIC "));
        return new Fix("make `" + v.name() + "` a C11 atomic (FTM_ATOMIC, from ftmigrate_compat.h): its increments, additions and "
                + "stores become single indivisible steps and its reads whole values, with no lock on the hot path", FixSafety.REVIEW, edits);
    }
}
