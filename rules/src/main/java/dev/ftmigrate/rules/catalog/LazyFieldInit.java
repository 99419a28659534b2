package dev.ftmigrate.rules.catalog;

import dev.ftmigrate.analyzer.Ast;
import dev.ftmigrate.analyzer.CFunction;
import dev.ftmigrate.analyzer.ExtensionModel;
import dev.ftmigrate.analyzer.FieldEffect;
import dev.ftmigrate.analyzer.FieldSite;
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
import org.eclipse.cdt.core.dom.ast.IASTIfStatement;
import org.eclipse.cdt.core.dom.ast.IASTNode;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

@RuleInfo(id = "FT409", name = "lazy-field-init",
        summary = "Lazy initialisation of a field of a shared object (`if (!obj->cache) obj->cache = ...`) with no lock",
        rationale = "A cache kept in a field of a type, a kind object or self is filled on first use. Two threads can "
                + "both see it empty and both fill it: one object leaks, or one thread replaces (and frees) the "
                + "value the other already returned. When every thread stores the same object (an interned literal "
                + "or definition name, a module imported by name) the race only leaks a reference: a note.",
        category = "shared state",
        example = "if (k->cache == NULL) {\n    k->cache = build_cache(k);\n}\nreturn k->cache;",
        fixedExample = "Py_BEGIN_CRITICAL_SECTION(k);\nif (k->cache == NULL) {\n    k->cache = build_cache(k);\n}\nres = Py_XNewRef(k->cache);\nPy_END_CRITICAL_SECTION();",
        fixHint = "Do the check-and-set under Py_BEGIN_CRITICAL_SECTION(obj) (or a PyMutex), fill the field when the object is created, or publish with an atomic compare-and-swap.",
        fixSafety = FixSafety.ADVICE, sinceCPython = "3.13")
public final class LazyFieldInit implements FileRule {
    /** Reads the whole-extension field model (writers in other functions and files). */
    @Override
    public boolean fieldModel() { return true; }

    @Override
    public void onFile(RuleContext ctx) {
        ExtensionModel ext = ctx.extension();
        for (CFunction fn : ctx.model().functions()) {
            if (ext.reach(fn) == ExtensionModel.Reach.INIT_ONLY || ext.alwaysCalledLocked(fn)) continue;
            // The object must be one the function received (a parameter or its alias), not one it just made.
            Map<Integer, FieldSite> replaces = new HashMap<>();
            for (FieldSite s : ext.fields().sitesOf(fn)) {
                // A plain struct behind a parameter is usually the caller's scratch (a stack-allocated state): only
                // a Python object is known to be reachable by other threads.
                if (s.via().isEmpty() && s.param() >= 0 && s.effect() == FieldEffect.REPLACE && ext.fields().types().isObject(s.type())) {
                    replaces.put(s.range().start(), s);
                }
            }
            if (replaces.isEmpty()) continue;
            FieldSite[] first = new FieldSite[1];
            IASTBinaryExpression[] store = new IASTBinaryExpression[1];
            fn.node().getBody().accept(new ASTVisitor() {
                { shouldVisitExpressions = true; }

                @Override
                public int visit(IASTExpression e) {
                    if (first[0] == null && e instanceof IASTBinaryExpression b && b.getOperator() == IASTBinaryExpression.op_assign
                            && Ast.strip(b.getOperand1()) instanceof IASTFieldReference ref) {
                        TextRange r = Ast.range(ref);
                        FieldSite s = r == null ? null : replaces.get(r.start());
                        // `self->f` written in a method itself is FT404's; an alias or a helper's parameter is ours.
                        boolean selfInMethod = !ext.entriesOf(fn).isEmpty() && !fn.params().isEmpty()
                                && fn.params().get(0).equals(Ast.identifier(ref.getFieldOwner()));
                        if (s != null && !selfInMethod && guardedByNullTest(b, ctx.text(ref))) {
                            first[0] = s;
                            store[0] = b;
                        }
                    }
                    return PROCESS_CONTINUE;
                }
            });
            FieldSite s = first[0];
            if (s == null) continue;
            String owner = s.param() < fn.params().size() ? fn.params().get(s.param()) : "obj";
            boolean same = SameObject.is(store[0].getOperand2(), ext.scope(fn));
            ctx.report(s.range()).subject(s.type() + "." + s.field())
                    .confidence(Reachability.confidence(ctx, fn, same ? Confidence.LOW : Confidence.HIGH))
                    .message("lazy initialisation of `" + s.field() + "` in " + s.type() + " (the object `" + owner
                            + "` another caller also holds), " + Reachability.phrase(ctx, fn)
                            + (same ? SameObject.NOTE + "; "
                            : ": two threads can both see it unset and both fill it, leaking one value or freeing the one "
                            + "the other returned; ") + "do the check-and-set under Py_BEGIN_CRITICAL_SECTION(" + owner
                            + "), or fill it when the object is created")
                    .pathTo(fn)
                    .emit();
        }
    }

    /** The write sits under {@code if (!x->f)} / {@code if (x->f == NULL)}, written the same way. */
    private static boolean guardedByNullTest(IASTNode write, String lhs) {
        String v = Pattern.quote(lhs.replaceAll("\\s+", ""));
        Pattern test = Pattern.compile("(^|[(&|!\\s])(!\\(*" + v + "\\)*|\\(*" + v + "\\)*==(NULL|0)|(NULL|0)==" + v + ")");
        for (IASTNode n = write.getParent(); n != null; n = n.getParent()) {
            if (n instanceof IASTIfStatement st && st.getConditionExpression() != null
                    && test.matcher(st.getConditionExpression().getRawSignature().replaceAll("\\s+", "")).find()) return true;
        }
        return false;
    }
}
