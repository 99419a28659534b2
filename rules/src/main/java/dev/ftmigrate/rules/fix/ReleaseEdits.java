package dev.ftmigrate.rules.fix;

import dev.ftmigrate.analyzer.Ast;
import dev.ftmigrate.analyzer.SourceFile;
import dev.ftmigrate.analyzer.TextRange;
import dev.ftmigrate.rules.TextEdit;
import dev.ftmigrate.rules.fix.ReleasePlan.Step;

import java.util.List;

/**
 * Writes a {@link ReleasePlan} as text edits in the file's own layout: new lines take the
 * indentation of the statement they join (one more indentation unit of the file inside a new
 * error block), and a statement is rewritten in place rather than moved.
 */
final class ReleaseEdits {
    private final BorrowedLocals fn;
    private final SourceFile src;
    private final EditBuilder eb;

    private ReleaseEdits(BorrowedLocals fn) {
        this.fn = fn;
        this.src = fn.model.source();
        this.eb = new EditBuilder(src);
    }

    static List<TextEdit> of(BorrowedLocals fn, ReleasePlan plan) {
        ReleaseEdits e = new ReleaseEdits(fn);
        // In plan order: lines for one place are merged in the order they were decided.
        for (Step s : plan.steps()) e.write(s);
        return e.eb.build();
    }

    private void write(Step s) {
        if (s instanceof ReleasePlan.ReleaseBefore b) eb.before(b.stmt(), b.line());
        else if (s instanceof ReleasePlan.ReleaseAtEnd b) eb.atEnd(b.block(), b.line());
        else if (s instanceof ReleasePlan.NewCall c) newCall(c.site(), c.errorExit());
        else if (s instanceof ReleasePlan.DropIncref d) eb.add(SourceText.deleteStatement(src, Ast.range(d.stmt())));
        else if (s instanceof ReleasePlan.ReturnHeld h) eb.replace(Ast.range(h.newRef()), h.var());
        else if (s instanceof ReleasePlan.ReturnAfterReleases r) returnAfterReleases(r);
        else if (s instanceof ReleasePlan.InitNull n) eb.add(TextEdit.insert(src.relPath(), Ast.range(n.declarator()).end(), " = NULL"));
        else if (s instanceof ReleasePlan.NoneIsNull n) eb.replace(Ast.range(n.none()), "NULL");
    }

    /** {@code v = PyDict_GetItem(d, k);} becomes {@code if (PyDict_GetItemRef(d, k, &v) < 0) { ... }}. */
    private void newCall(BorrowedLocals.Site site, List<String> errorExit) {
        String text = src.text();
        String v = site.var();
        TextRange r = Ast.range(site.stmt());
        String indent = SourceText.indentAt(text, r.start());
        String callText = Ast.text(src, site.call());
        String args = callText.substring(callText.indexOf('(') + 1, callText.lastIndexOf(')'));
        boolean check = errorExit != null;
        StringBuilder sb = new StringBuilder();
        if (site.api().outParam) {
            if (site.declaration()) sb.append("PyObject *").append(v).append(";\n").append(indent);
            sb.append("if (").append(site.api().name).append('(').append(args).append(", &").append(v).append(") < 0) {\n");
        } else {
            sb.append(site.declaration() ? "PyObject *" : "").append(v).append(" = ").append(site.api().name).append('(').append(args).append(");");
            if (check) sb.append('\n').append(indent).append("if (").append(v).append(" == NULL) {\n");
        }
        if (check) {
            String unit = SourceText.unitAt(src, site.stmt());
            for (String l : errorExit) sb.append(indent).append(unit).append(l).append('\n');
            sb.append(indent).append('}');
        }
        eb.replace(r, sb.toString());
    }

    /** {@code return f(v);} becomes {@code T result = f(v); Py_DECREF(v); return result;}. */
    private void returnAfterReleases(ReleasePlan.ReturnAfterReleases ret) {
        TextRange rr = Ast.range(ret.stmt());
        String text = src.text();
        String name = Stmts.mentions(fn.body, "result") || fn.model.mentions("result") ? "ftm_result" : "result";
        String indent = SourceText.indentAt(text, rr.start());
        String type = fn.returnType.endsWith("*") ? fn.returnType : fn.returnType + " ";
        StringBuilder sb = new StringBuilder(type).append(name).append(" = ").append(Ast.text(src, ret.stmt().getReturnValue())).append(";\n");
        for (String l : ret.releases()) sb.append(indent).append(l).append('\n');
        sb.append(indent).append("return ").append(name).append(';');
        eb.replace(rr, sb.toString());
    }
}
