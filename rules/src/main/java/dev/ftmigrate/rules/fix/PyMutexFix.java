package dev.ftmigrate.rules.fix;

import dev.ftmigrate.analyzer.Ast;
import dev.ftmigrate.analyzer.CFunction;
import dev.ftmigrate.analyzer.CVariable;
import dev.ftmigrate.analyzer.FileModel;
import dev.ftmigrate.analyzer.SourceFile;
import dev.ftmigrate.analyzer.TextRange;
import dev.ftmigrate.rules.Fix;
import dev.ftmigrate.rules.FixSafety;
import dev.ftmigrate.rules.TextEdit;
import org.eclipse.cdt.core.dom.ast.ASTVisitor;
import org.eclipse.cdt.core.dom.ast.IASTBinaryExpression;
import org.eclipse.cdt.core.dom.ast.IASTCompoundStatement;
import org.eclipse.cdt.core.dom.ast.IASTExpression;
import org.eclipse.cdt.core.dom.ast.IASTExpressionStatement;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;
import org.eclipse.cdt.core.dom.ast.IASTIdExpression;
import org.eclipse.cdt.core.dom.ast.IASTIfStatement;
import org.eclipse.cdt.core.dom.ast.IASTNode;
import org.eclipse.cdt.core.dom.ast.IASTSimpleDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTStatement;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * FT405 for a file-scope static lock: on 3.13+ it becomes a zero-initialised {@code PyMutex}
 * (no allocation, no error path, detaches while it waits); older versions keep the
 * PyThread_type_lock code under {@code #if PY_VERSION_HEX < 0x030D0000}. Only the simple shape
 * is rewritten: allocated once ({@code if (l == NULL) { l = PyThread_allocate_lock(); ... }} or
 * {@code l = PyThread_allocate_lock(); if (l == NULL) ...}), blocking acquires, releases, frees.
 * A struct-field lock, a timed or non-blocking acquire, or any other use gets advice.
 */
public final class PyMutexFix {
    private static final String NEW = "#if PY_VERSION_HEX >= 0x030D0000\n", OLD = "#if PY_VERSION_HEX < 0x030D0000\n";

    private PyMutexFix() {}

    public static Fix fix(FileModel model, IASTFunctionCallExpression alloc) {
        SourceFile src = model.source();
        String t = src.text();
        IASTStatement allocStmt = Stmts.containing(alloc);
        String var = allocStmt instanceof IASTExpressionStatement ? ModuleGilFix.assignedVariable(allocStmt, alloc) : null;
        if (var == null) {
            return advice("the lock is not a file-scope static (a struct field or local): replace it with a PyMutex member, "
                    + "zero-initialised, and drop the allocation, its error path and PyThread_free_lock (3.13; keep the old code "
                    + "under #if PY_VERSION_HEX < 0x030D0000)");
        }
        CVariable v = model.variables().stream().filter(x -> x.fileScope() && x.name().equals(var) && x.typeText().contains("PyThread_type_lock"))
                .findFirst().orElse(null);
        if (v == null) return advice("`" + var + "` is not a file-scope PyThread_type_lock of this file");
        // Statements to keep for old versions only, and lock/unlock statements to switch.
        Set<IASTStatement[]> oldOnly = new LinkedHashSet<>();
        List<IASTStatement> switched = new ArrayList<>();
        IASTStatement[] allocRun = allocation(allocStmt, var);
        if (allocRun == null) return advice("the allocation of `" + var + "` is not followed by a plain NULL check");
        oldOnly.add(allocRun);
        for (CFunction fn : model.functions()) {
            if (fn.node().getBody() == null) continue;
            List<IASTIdExpression> uses = new ArrayList<>();
            fn.node().getBody().accept(new ASTVisitor() {
                { shouldVisitExpressions = true; }

                @Override
                public int visit(IASTExpression e) {
                    if (e instanceof IASTIdExpression id && id.getName().toString().equals(var)) uses.add(id);
                    return PROCESS_CONTINUE;
                }
            });
            for (IASTIdExpression id : uses) {
                int at = Ast.range(id).start();
                if (inside(oldOnly, at)) continue;
                IASTStatement s = StaticLocks.blockChild(id);
                String call = s instanceof IASTExpressionStatement es && es.getExpression() instanceof IASTFunctionCallExpression c
                        && c.getArguments().length >= 1 && var.equals(Ast.identifier(c.getArguments()[0])) ? Ast.calleeName(c) : null;
                if ("PyThread_acquire_lock".equals(call) && blocking((IASTFunctionCallExpression) ((IASTExpressionStatement) s).getExpression())
                        || "PyThread_release_lock".equals(call)) {
                    if (!switched.contains(s)) switched.add(s);
                } else if ("PyThread_free_lock".equals(call)) {
                    IASTStatement next = Stmts.next(s);
                    oldOnly.add(next != null && isNullStore(next, var) ? new IASTStatement[]{s, next} : new IASTStatement[]{s});
                } else if (s != null && isNullStore(s, var)) {
                    oldOnly.add(new IASTStatement[]{s});
                } else {
                    return advice("`" + var + "` is used at line " + src.line(at) + " in a way other than allocate, blocking acquire, release, free");
                }
            }
        }
        List<TextEdit> edits = new ArrayList<>();
        IASTNode decl = v.declarator().getParent();
        TextRange dr = Ast.range(decl);
        if (!(decl instanceof IASTSimpleDeclaration sd) || sd.getDeclarators().length != 1 || dr == null
                || !SourceText.firstOnLine(t, dr.start()) || !SourceText.lastOnLine(t, dr.end())) {
            return advice("the declaration of `" + var + "` is not on a line of its own");
        }
        String storage = t.substring(dr.start(), dr.end()).startsWith("static") ? "static " : "";
        edits.add(TextEdit.insert(src.relPath(), SourceText.lineStart(t, dr.start()), NEW + storage + "PyMutex " + var + ";\n#else\n"));
        edits.add(TextEdit.insert(src.relPath(), SourceText.nextLineStart(t, dr.end()), "#endif\n"));
        for (IASTStatement[] run : oldOnly) {
            String why = ownLines(src, run[0], run[run.length - 1]);
            if (why != null) return advice(why);
            edits.add(TextEdit.insert(src.relPath(), SourceText.lineStart(t, Ast.range(run[0]).start()), OLD));
            edits.add(TextEdit.insert(src.relPath(), SourceText.nextLineStart(t, Ast.range(run[run.length - 1]).end()), "#endif\n"));
        }
        for (IASTStatement s : switched) {
            String why = ownLines(src, s, s);
            if (why != null) return advice(why);
            TextRange r = Ast.range(s);
            boolean lock = Ast.calleeName((IASTFunctionCallExpression) ((IASTExpressionStatement) s).getExpression()).contains("acquire");
            edits.add(TextEdit.insert(src.relPath(), SourceText.lineStart(t, r.start()), NEW + SourceText.indentAt(t, r.start())
                    + (lock ? "PyMutex_Lock" : "PyMutex_Unlock") + "(&" + var + ");\n#else\n"));
            edits.add(TextEdit.insert(src.relPath(), SourceText.nextLineStart(t, r.end()), "#endif\n"));
        }
        return new Fix("make `" + var + "` a PyMutex on 3.13+ (zero-initialised: no allocation or error path; it detaches while "
                + "waiting); " + switched.size() + " acquire/release call(s) switched, the PyThread_type_lock code kept for older versions",
                FixSafety.REVIEW, edits);
    }

    /** The allocation with its NULL check, or the whole {@code if (l == NULL) { ... }} around both. */
    private static IASTStatement[] allocation(IASTStatement alloc, String var) {
        if (!(alloc.getParent() instanceof IASTCompoundStatement block)) return null;
        IASTStatement next = Stmts.next(alloc);
        boolean checked = next instanceof IASTIfStatement ifs && ifs.getElseClause() == null && Stmts.nullTest(ifs.getConditionExpression()) != null
                && var.equals(Stmts.nullTest(ifs.getConditionExpression()).variable()) && Stmts.nullTest(ifs.getConditionExpression()).isNull();
        if (!checked) return null;
        IASTStatement[] body = block.getStatements();
        if (body.length == 2 && block.getParent() instanceof IASTIfStatement outer && outer.getThenClause() == block && outer.getElseClause() == null
                && Stmts.nullTest(outer.getConditionExpression()) != null && var.equals(Stmts.nullTest(outer.getConditionExpression()).variable())
                && outer.getParent() instanceof IASTCompoundStatement) {
            return new IASTStatement[]{outer};
        }
        return new IASTStatement[]{alloc, next};
    }

    private static boolean blocking(IASTFunctionCallExpression c) {
        if (c.getArguments().length != 2) return false;
        String w = c.getArguments()[1].getRawSignature().strip();
        return w.equals("WAIT_LOCK") || w.equals("1");
    }

    private static boolean isNullStore(IASTStatement s, String var) {
        return s instanceof IASTExpressionStatement es && Ast.strip(es.getExpression()) instanceof IASTBinaryExpression b
                && b.getOperator() == IASTBinaryExpression.op_assign && var.equals(Ast.identifier(b.getOperand1())) && Stmts.isNull(b.getOperand2());
    }

    private static boolean inside(Set<IASTStatement[]> runs, int at) {
        for (IASTStatement[] r : runs) {
            if (Ast.range(r[0]).start() <= at && at < Ast.range(r[r.length - 1]).end()) return true;
        }
        return false;
    }

    private static String ownLines(SourceFile src, IASTStatement first, IASTStatement last) {
        String t = src.text();
        if (!(first.getParent() instanceof IASTCompoundStatement) || !SourceText.firstOnLine(t, Ast.range(first).start())
                || !SourceText.lastOnLine(t, Ast.range(last).end())) {
            return "a use of the lock at line " + src.line(Ast.range(first).start()) + " is not a statement on lines of its own";
        }
        return null;
    }

    static Fix advice(String why) {
        return new Fix("not rewritten automatically: " + why, FixSafety.ADVICE, List.of());
    }
}
