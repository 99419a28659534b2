package dev.ftmigrate.rules.fix;

import dev.ftmigrate.analyzer.Ast;
import dev.ftmigrate.analyzer.CFunction;
import dev.ftmigrate.analyzer.SourceFile;
import dev.ftmigrate.analyzer.TextRange;
import org.eclipse.cdt.core.dom.ast.ASTVisitor;
import org.eclipse.cdt.core.dom.ast.IASTBreakStatement;
import org.eclipse.cdt.core.dom.ast.IASTCompoundStatement;
import org.eclipse.cdt.core.dom.ast.IASTContinueStatement;
import org.eclipse.cdt.core.dom.ast.IASTDoStatement;
import org.eclipse.cdt.core.dom.ast.IASTForStatement;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;
import org.eclipse.cdt.core.dom.ast.IASTGotoStatement;
import org.eclipse.cdt.core.dom.ast.IASTLabelStatement;
import org.eclipse.cdt.core.dom.ast.IASTNode;
import org.eclipse.cdt.core.dom.ast.IASTReturnStatement;
import org.eclipse.cdt.core.dom.ast.IASTStatement;
import org.eclipse.cdt.core.dom.ast.IASTSwitchStatement;
import org.eclipse.cdt.core.dom.ast.IASTWhileStatement;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A run of consecutive statements of one block that a fix brackets (a lock, a critical section):
 * the jumps that leave it, whether code outside jumps into it, and its text layout.
 */
final class Region {
    /** A statement that leaves the region: a return, a goto to a label outside it, a break/continue of a loop outside it. */
    record Exit(IASTStatement stmt, String gotoLabel) {
        boolean isReturn() { return stmt instanceof IASTReturnStatement; }

        boolean isGoto() { return gotoLabel != null; }
    }

    /** What the Py_RETURN_* macros return (3.9-compatible spellings). */
    private static final Map<String, String> RETURN_MACROS = Map.of(
            "Py_RETURN_NONE", "(Py_INCREF(Py_None), Py_None)",
            "Py_RETURN_TRUE", "(Py_INCREF(Py_True), Py_True)",
            "Py_RETURN_FALSE", "(Py_INCREF(Py_False), Py_False)",
            "Py_RETURN_NOTIMPLEMENTED", "(Py_INCREF(Py_NotImplemented), Py_NotImplemented)");

    final IASTCompoundStatement block;
    /** The block's statements: CDT's getStatements() copies them on every call. */
    final IASTStatement[] all;
    final List<IASTStatement> stmts;
    final SourceFile src;
    /** The index in {@link #all} of the statement after the region. */
    final int after;

    Region(SourceFile src, IASTCompoundStatement block, int from, int to) {
        this(src, block, block.getStatements(), from, to);
    }

    /** @param all the block's statements, when the caller has them already */
    Region(SourceFile src, IASTCompoundStatement block, IASTStatement[] all, int from, int to) {
        this.src = src;
        this.block = block;
        this.all = all;
        this.stmts = java.util.Arrays.asList(all).subList(from, to + 1);
        this.after = to + 1;
    }

    /**
     * The block's statements, got once per file: a fix that locks thousands of runs of one block asked
     * CDT for them (a copy each time) once per run.
     */
    static IASTStatement[] statements(dev.ftmigrate.rules.engine.FixContext fx, IASTCompoundStatement block) {
        Map<IASTCompoundStatement, IASTStatement[]> known = fx.memo(Region.class, java.util.IdentityHashMap::new);
        return known.computeIfAbsent(block, IASTCompoundStatement::getStatements);
    }

    IASTStatement first() { return stmts.get(0); }

    IASTStatement last() { return stmts.get(stmts.size() - 1); }

    /** Null when the region's first line starts with its first statement and its last statement ends its line; else why not. */
    String layoutProblem() {
        String t = src.text();
        TextRange a = Ast.range(first()), b = Ast.range(last());
        if (a == null || b == null) return "a statement has no position";
        if (!SourceText.firstOnLine(t, a.start()) || !SourceText.lastOnLine(t, end(src, last()))) return "the statements share lines with other code";
        return null;
    }

    String indent() { return SourceText.indentAt(src.text(), Ast.range(first()).start()); }

    /** Offset where a line after the region goes. */
    int afterOffset() { return SourceText.nextLineStart(src.text(), end(src, last())); }

    /** Where a statement ends in the text: a macro statement's range can stop before its semicolon. */
    static int end(SourceFile src, IASTStatement s) {
        String t = src.text();
        int e = Ast.range(s).end();
        int i = SourceText.skipBlanks(t, e);
        return !t.substring(Ast.range(s).start(), e).endsWith(";") && i < t.length() && t.charAt(i) == ';' ? i + 1 : e;
    }

    /** The jumps leaving the region, in source order. */
    List<Exit> exits() {
        Set<String> inside = labels();
        List<Exit> out = new ArrayList<>();
        for (IASTStatement top : stmts) {
            top.accept(new ASTVisitor() {
                { shouldVisitStatements = true; }

                @Override
                public int visit(IASTStatement s) {
                    if (s instanceof IASTReturnStatement) out.add(new Exit(s, null));
                    else if (s instanceof IASTGotoStatement g && !inside.contains(g.getName().toString())) out.add(new Exit(s, g.getName().toString()));
                    else if ((s instanceof IASTBreakStatement || s instanceof IASTContinueStatement) && !caughtInside(s, top)) out.add(new Exit(s, null));
                    return PROCESS_CONTINUE;
                }
            });
        }
        return out;
    }

    /** A break/continue whose loop (or switch, for break) lies inside the region. */
    private static boolean caughtInside(IASTStatement jump, IASTStatement top) {
        for (IASTNode n = jump.getParent(); n != null; n = n.getParent()) {
            if (n instanceof IASTWhileStatement || n instanceof IASTDoStatement || n instanceof IASTForStatement) return true;
            if (n instanceof IASTSwitchStatement && jump instanceof IASTBreakStatement) return true;
            if (n == top) return false;
        }
        return false;
    }

    Set<String> labels() {
        Set<String> out = new HashSet<>();
        for (IASTStatement top : stmts) {
            top.accept(new ASTVisitor() {
                { shouldVisitStatements = true; }

                @Override
                public int visit(IASTStatement s) {
                    if (s instanceof IASTLabelStatement l) out.add(l.getName().toString());
                    return PROCESS_CONTINUE;
                }
            });
        }
        return out;
    }

    /** True when a goto outside the region targets a label inside it (it would skip the lock). */
    boolean jumpedInto(CFunction fn) {
        Set<String> inside = labels();
        if (inside.isEmpty()) return false;
        TextRange r = new TextRange(Ast.range(first()).start(), Ast.range(last()).end());
        boolean[] hit = {false};
        fn.node().getBody().accept(new ASTVisitor() {
            { shouldVisitStatements = true; }

            @Override
            public int visit(IASTStatement s) {
                if (s instanceof IASTGotoStatement g && inside.contains(g.getName().toString()) && !r.contains(Ast.range(g))) hit[0] = true;
                return PROCESS_CONTINUE;
            }
        });
        return hit[0];
    }

    private static final Set<String> RELEASES = Set.of("Py_DECREF", "Py_XDECREF", "Py_CLEAR", "Py_SETREF", "Py_XSETREF");

    /** True when the region releases {@code obj} itself: the last reference may go while a section on it is held. */
    boolean releases(String obj) {
        String key = obj.replaceAll("\\s+", "");
        boolean[] hit = {false};
        for (IASTStatement top : stmts) {
            top.accept(new ASTVisitor() {
                { shouldVisitExpressions = true; }

                @Override
                public int visit(org.eclipse.cdt.core.dom.ast.IASTExpression e) {
                    if (e instanceof IASTFunctionCallExpression c && Ast.calleeName(c) != null && RELEASES.contains(Ast.calleeName(c))
                            && c.getArguments().length > 0
                            && Ast.text(src, c.getArguments()[0]).replaceAll("\\s+", "").equals(key)) hit[0] = true;
                    return PROCESS_CONTINUE;
                }
            });
        }
        return hit[0];
    }

    /** Calls made in the region, by name. */
    Set<String> callees() {
        Set<String> out = new HashSet<>();
        for (IASTStatement top : stmts) out.addAll(callees(top));
        return out;
    }

    static Set<String> callees(IASTNode n) {
        Set<String> out = new HashSet<>();
        n.accept(new ASTVisitor() {
            { shouldVisitExpressions = true; }

            @Override
            public int visit(org.eclipse.cdt.core.dom.ast.IASTExpression e) {
                if (e instanceof IASTFunctionCallExpression c && Ast.calleeName(c) != null) out.add(Ast.calleeName(c));
                return PROCESS_CONTINUE;
            }
        });
        return out;
    }

    /** The value a return statement returns, as text to assign; "" for {@code return;}; null when not understood. */
    static String returnValue(SourceFile src, IASTReturnStatement r) {
        TextRange range = Ast.range(r);
        if (range == null) return null;
        String text = src.text().substring(range.start(), range.end());
        for (var m : RETURN_MACROS.entrySet()) if (text.startsWith(m.getKey())) return m.getValue();
        if (!SourceText.literal(r) && !text.startsWith("return")) return null;
        return r.getReturnValue() == null ? "" : Ast.text(src, r.getReturnValue());
    }

    /** True when the statement's own text (not a macro) ends with its semicolon. */
    static boolean endsWithSemicolon(SourceFile src, IASTStatement s) {
        TextRange r = Ast.range(s);
        return r != null && src.text().substring(r.start(), r.end()).endsWith(";");
    }

    /** The function's return type as written ("PyObject *", "int", "void"), or null when it is not a plain one. */
    static String returnType(CFunction fn) {
        return returnType(fn, false);
    }

    /**
     * The function's return type as a local would be declared: storage classes, inline markers and
     * attribute macros (MS_NOINLINE, __attribute__((...))) left out; null when not a plain name
     * (or a struct/union unless {@code aggregates}).
     */
    static String returnType(CFunction fn, boolean aggregates) {
        String spec = fn.node().getDeclSpecifier().getRawSignature()
                .replaceAll("__attribute__\\s*\\(\\(.*?\\)\\)|__declspec\\s*\\(.*?\\)", " ")
                .replaceAll("\\b(static|inline|extern|__inline__|__inline|Py_LOCAL_INLINE|Py_ALWAYS_INLINE)\\b", "").strip();
        if (spec.equals("PyMODINIT_FUNC")) return "PyObject *";
        // An all-capitals word beside the type name is an attribute macro, not part of the type.
        String bare = spec.replaceAll("\\b[A-Z][A-Z0-9_]*[A-Z0-9]\\b(?=\\s+\\w)", "").replaceAll("\\s+", " ").strip();
        if (!bare.isEmpty()) spec = bare;
        int ptrs = fn.node().getDeclarator().getPointerOperators().length;
        if (spec.isEmpty() || !spec.matches("[A-Za-z_][A-Za-z0-9_ ]*")) return null;
        if (!aggregates && (spec.startsWith("struct") || spec.startsWith("union"))) return null;
        return ptrs == 0 ? spec : spec + " " + "*".repeat(ptrs);
    }

    /** A zero of the type, to initialise a result variable with. */
    static String zero(String type) {
        return type.endsWith("*") ? "NULL" : "0";
    }

    private static final Pattern SIMPLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\s*(->|\\.)\\s*[A-Za-z_][A-Za-z0-9_]*)*");

    /** An object expression with no side effects that can be evaluated twice: {@code d}, {@code self->dict}. */
    static boolean simple(String expr) {
        return expr != null && SIMPLE.matcher(expr.strip()).matches();
    }

    /** A suffix for generated names from an expression: {@code self->dict} gives "self_dict". */
    static String tag(String expr) {
        return expr.strip().replaceAll("\\s*(->|\\.)\\s*", "_");
    }
}
