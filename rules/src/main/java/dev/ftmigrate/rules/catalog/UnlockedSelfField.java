package dev.ftmigrate.rules.catalog;

import dev.ftmigrate.analyzer.Ast;
import dev.ftmigrate.analyzer.CFunction;
import dev.ftmigrate.analyzer.EntryPoint;
import dev.ftmigrate.analyzer.Locks;
import dev.ftmigrate.analyzer.TextRange;
import dev.ftmigrate.rules.Confidence;
import dev.ftmigrate.rules.FixSafety;
import dev.ftmigrate.rules.RuleInfo;
import dev.ftmigrate.rules.engine.FileRule;
import dev.ftmigrate.rules.engine.RuleContext;
import org.eclipse.cdt.core.dom.ast.ASTVisitor;
import org.eclipse.cdt.core.dom.ast.IASTBinaryExpression;
import org.eclipse.cdt.core.dom.ast.IASTExpression;
import org.eclipse.cdt.core.dom.ast.IASTFieldReference;
import org.eclipse.cdt.core.dom.ast.IASTNode;
import org.eclipse.cdt.core.dom.ast.IASTUnaryExpression;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

@RuleInfo(id = "FT404", name = "unlocked-self-field",
        summary = "A field of `self` read-modify-written in a method or slot with no critical section",
        rationale = "Methods of one object can now run in several threads at once. `self->n++`, or swapping a "
                + "PyObject* field with Py_XSETREF, races: updates are lost and the old value can be released "
                + "twice. A cursor or version counter that only moves one way and indexes no memory (an iterator "
                + "position handed to a library getter that checks it) is reported as a note: a lost step repeats or "
                + "skips an item.",
        category = "shared state",
        example = "static PyObject *Counter_incr(CounterObject *self, PyObject *unused) {\n    self->value++;\n    Py_RETURN_NONE;\n}",
        fixedExample = "static PyObject *Counter_incr(CounterObject *self, PyObject *unused) {\n    Py_BEGIN_CRITICAL_SECTION(self);\n    self->value++;\n    Py_END_CRITICAL_SECTION();\n    Py_RETURN_NONE;\n}",
        fixHint = "Wrap the method body (or the read-modify-write) in Py_BEGIN_CRITICAL_SECTION(self) / Py_END_CRITICAL_SECTION() (3.13; plain braces before).",
        fixSafety = FixSafety.REVIEW, sinceCPython = "3.13")
public final class UnlockedSelfField implements FileRule {
    /** Reads the whole-extension field model (writers in other functions and files). */
    @Override
    public boolean fieldModel() { return true; }

    private static final Set<String> OBJECT_HEADER = Set.of("ob_refcnt", "ob_type", "ob_base");

    private record FieldUse(TextRange firstWrite, boolean rmw, boolean read, boolean write) {
        FieldUse merge(FieldUse o) {
            return new FieldUse(firstWrite != null ? firstWrite : o.firstWrite, rmw || o.rmw, read || o.read, write || o.write);
        }
    }

    @Override
    public void onFile(RuleContext ctx) {
        Cursors.Changes[] changes = new Cursors.Changes[1];   // one walk of the file, the first time a cursor is in question
        for (CFunction fn : ctx.model().functions()) {
            if (fn.params().isEmpty() || !methodOrSlot(ctx, fn)) continue;
            String self = fn.params().get(0);
            Map<String, FieldUse> uses = new LinkedHashMap<>();
            fn.node().getBody().accept(new ASTVisitor() {
                { shouldVisitExpressions = true; }

                @Override
                public int visit(IASTExpression e) {
                    if (e instanceof IASTFieldReference ref && self.equals(Ast.identifier(ref.getFieldOwner()))
                            && !OBJECT_HEADER.contains(ref.getFieldName().toString())) {
                        uses.merge(ref.getFieldName().toString(), use(ref), FieldUse::merge);
                    }
                    return PROCESS_CONTINUE;
                }
            });
            for (Map.Entry<String, FieldUse> u : uses.entrySet()) {
                FieldUse f = u.getValue();
                boolean racy = f.rmw || (f.write && f.read);
                if (!racy || f.firstWrite == null || protectedSelf(ctx, fn, self, f.firstWrite.start())) continue;
                String field = self + "->" + u.getKey();
                boolean flag = flagField(ctx, fn, u.getKey());
                if (changes[0] == null && !flag && f.rmw) changes[0] = new Cursors.Changes(ctx.extension(), ctx.model().functions());
                boolean cursor = !flag && f.rmw && Cursors.cursor(ctx.extension(), fn, self, u.getKey(), changes[0]);
                ctx.report(f.firstWrite).subject(field)
                        .confidence(Reachability.confidence(ctx, fn, flag || cursor ? Confidence.LOW : f.rmw ? Confidence.HIGH : Confidence.MEDIUM))
                        .message((f.rmw ? "read-modify-write" : "read and write") + " of `" + field + "` with no critical section, "
                                + Reachability.phrase(ctx, fn) + (flag ? "; " + FieldRaces.flagAdvice(field)
                                : cursor ? ": `" + u.getKey() + "` only moves one way and here reaches only comparisons and calls "
                                + "outside the extension, so threads sharing the object repeat or skip an item or a count rather "
                                + "than touch memory; wrap it in Py_BEGIN_CRITICAL_SECTION(" + self + ") / Py_END_CRITICAL_SECTION() "
                                + "if every step must count"
                                : ": threads calling it on the same object interleave, losing "
                                + "updates or releasing the old value twice; wrap it in Py_BEGIN_CRITICAL_SECTION(" + self
                                + ") / Py_END_CRITICAL_SECTION()"))
                        .pathTo(fn)
                        .fix(fx -> dev.ftmigrate.rules.fix.Sections.selfFields(fx, fn, self, OBJECT_HEADER))
                        .emit();
            }
        }
    }

    /** The field of self is a flag across the extension (see {@link dev.ftmigrate.analyzer.FieldModel#flagOnly}). */
    private static boolean flagField(RuleContext ctx, CFunction fn, String name) {
        var fields = ctx.extension().fields();
        return fields.sitesOf(fn).stream()
                .filter(s -> s.param() == 0 && s.via().isEmpty() && (s.field().equals(name) || s.field().startsWith(name + ".")))
                .map(s -> s.type() + "." + name).findFirst().map(fields::flagOnly).orElse(false);
    }

    /** A critical section on self (or a mutex: it serialises the method) covers the write; one on another object does not. */
    private static boolean protectedSelf(RuleContext ctx, CFunction fn, String self, int offset) {
        if (ctx.extension().alwaysCalledLocked(fn)) return true;
        return Locks.held(ctx.extension().scope(fn), offset, lock -> {
            String callee = Ast.calleeName(lock);
            if (callee == null || !callee.startsWith("PyCriticalSection")) return true;
            for (int i = 1; i < lock.getArguments().length; i++) {
                if (self.equals(Ast.identifier(lock.getArguments()[i]))) return true;
            }
            return false;
        });
    }

    /** A method, getter/setter or slot that may run concurrently on a shared object. */
    private static boolean methodOrSlot(RuleContext ctx, CFunction fn) {
        // The function an Argument Clinic wrapper delegates to is the method's body.
        if (ctx.extension().fields().bodiesOf(fn).stream().anyMatch(b -> !b.init() && !b.entry().function().equals(fn.name()))) return true;
        var entries = ctx.extension().entriesOf(fn);
        return !entries.isEmpty() && entries.stream().allMatch(e -> e.kind() == EntryPoint.Kind.PYTHON)
                && entries.stream().noneMatch(e -> e.how().contains("PyModuleDef_Slot"));
    }

    private static FieldUse use(IASTFieldReference ref) {
        IASTNode p = ref;
        while (p.getParent() instanceof IASTUnaryExpression u && u.getOperator() == IASTUnaryExpression.op_bracketedPrimary) p = u;
        IASTNode parent = p.getParent();
        TextRange at = Ast.range(ref);
        if (parent instanceof IASTBinaryExpression b && b.getOperand1() == p) {
            int op = b.getOperator();
            if (op == IASTBinaryExpression.op_assign) return new FieldUse(at, false, false, true);
            if (Ast.compoundAssign(op)) return new FieldUse(at, true, true, true);
        }
        if (parent instanceof IASTUnaryExpression u && Ast.incDec(u.getOperator())) return new FieldUse(at, true, true, true);
        return new FieldUse(null, false, true, false);
    }
}
