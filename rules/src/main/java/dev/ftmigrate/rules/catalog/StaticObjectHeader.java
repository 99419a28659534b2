package dev.ftmigrate.rules.catalog;

import dev.ftmigrate.analyzer.CVariable;
import dev.ftmigrate.analyzer.TextRange;
import dev.ftmigrate.rules.Fix;
import dev.ftmigrate.rules.FixSafety;
import dev.ftmigrate.rules.Level;
import dev.ftmigrate.rules.RuleInfo;
import dev.ftmigrate.rules.TextEdit;
import dev.ftmigrate.rules.engine.FileRule;
import dev.ftmigrate.rules.engine.RuleContext;
import org.eclipse.cdt.core.dom.ast.IASTEqualsInitializer;

import java.util.List;
import java.util.Set;

@RuleInfo(id = "FT105", name = "static-object-header-init",
        summary = "Statically allocated object whose header (reference count, type) is spelled out instead of PyObject_HEAD_INIT",
        rationale = "The free-threaded build lays PyObject out differently (ob_tid, ob_flags, ob_mutex, ob_gc_bits, "
                + "ob_ref_local, ob_ref_shared, ob_type): an initializer that lists the reference count and the type "
                + "by position, or names ob_refcnt, either does not compile (\"initializer element is not computable "
                + "at load time\", \"no member named ob_refcnt\") or silently puts the count and the type into the "
                + "wrong members. PyObject_HEAD_INIT/PyVarObject_HEAD_INIT lay out every build correctly and make "
                + "the object immortal.",
        category = "object internals", level = Level.ERROR,
        example = "static MyObject default_obj = { {1, &My_Type}, 42 };",
        fixedExample = "static MyObject default_obj = { PyObject_HEAD_INIT(&My_Type) 42 };",
        fixHint = "Initialise the header with PyObject_HEAD_INIT(&Type) (PyVarObject_HEAD_INIT(&Type, size) for "
                + "variable-size objects). A bare `PyObject x = {...}` has no public brace-free form: give the object a "
                + "struct whose first member is PyObject_HEAD and initialise that with { PyObject_HEAD_INIT(&Type) }.",
        fixSafety = FixSafety.REVIEW, sinceCPython = "3.9")
public final class StaticObjectHeader implements FileRule {
    private static final Set<String> BARE = Set.of("PyObject", "PyVarObject");

    @Override
    public void onFile(RuleContext ctx) {
        String code = ctx.model().code();
        for (CVariable v : ctx.model().variables()) {
            if (v.pointer() || v.extern() || v.array() || v.declarator() == null) continue;
            if (!(v.declarator().getInitializer() instanceof IASTEqualsInitializer eq)) continue;
            TextRange r = dev.ftmigrate.analyzer.Ast.range(eq.getInitializerClause());
            if (r == null || r.end() > code.length()) continue;
            String base = v.typeText().replaceAll("\\b(const|volatile|struct)\\b", "").strip();
            boolean bare = BARE.contains(base);
            boolean object = bare || base.equals("PyTypeObject") || ctx.model().objectTypes().contains(base);
            if (!object) continue;
            ObjectHeaders.Header h = ObjectHeaders.find(code, r.start(), r.end(), bare, base.equals("PyTypeObject") || base.equals("PyVarObject"));
            if (h == null) continue;
            String what = h.designated() ? "names `ob_refcnt`" : "spells the reference count and the type out by position";
            ctx.report(r).subject(v.name())
                    .message("the static object `" + v.name() + "` " + what + " instead of using PyObject_HEAD_INIT: "
                            + "the free-threaded PyObject has other members (ob_tid, ob_ref_local, ob_ref_shared...), "
                            + "so this does not compile or misinitialises the object on 3.13t")
                    .fix(fx -> fix(ctx, v, bare, h))
                    .emit();
        }
    }

    private static Fix fix(RuleContext ctx, CVariable v, boolean bare, ObjectHeaders.Header h) {
        if (bare) {
            return new Fix("a bare PyObject has no public brace-free header initializer (PyObject_HEAD_INIT ends with a "
                    + "comma): declare `static struct { PyObject_HEAD } " + v.name() + "_obj = { PyObject_HEAD_INIT("
                    + h.type() + ") };` and use `(PyObject *)&" + v.name() + "_obj`", FixSafety.ADVICE, List.of());
        }
        if (h.type() == null || h.size() == null && h.elided()) {
            return new Fix("the header's members could not be told apart from the object's own: initialise it with "
                    + "PyObject_HEAD_INIT(&Type) by hand", FixSafety.ADVICE, List.of());
        }
        String macro = h.size() == null ? "PyObject_HEAD_INIT(" + h.type() + ")" : "PyVarObject_HEAD_INIT(" + h.type() + ", " + h.size() + ")";
        return new Fix("initialise the object header with " + macro, FixSafety.REVIEW,
                List.of(new TextEdit(ctx.source().relPath(), h.start(), h.end() - h.start(), macro)));
    }
}
