package dev.ftmigrate.rules.fix;

import dev.ftmigrate.analyzer.Ast;
import dev.ftmigrate.analyzer.CFunction;
import dev.ftmigrate.analyzer.FileModel;
import dev.ftmigrate.analyzer.Locks;
import dev.ftmigrate.analyzer.SourceFile;
import dev.ftmigrate.analyzer.TextRange;
import dev.ftmigrate.rules.Fix;
import dev.ftmigrate.rules.FixSafety;
import dev.ftmigrate.rules.TextEdit;
import dev.ftmigrate.rules.engine.FixContext;
import org.eclipse.cdt.core.dom.ast.IASTBinaryExpression;
import org.eclipse.cdt.core.dom.ast.IASTCompoundStatement;
import org.eclipse.cdt.core.dom.ast.IASTDeclarationStatement;
import org.eclipse.cdt.core.dom.ast.IASTDeclarator;
import org.eclipse.cdt.core.dom.ast.IASTExpressionStatement;
import org.eclipse.cdt.core.dom.ast.IASTLabelStatement;
import org.eclipse.cdt.core.dom.ast.IASTReturnStatement;
import org.eclipse.cdt.core.dom.ast.IASTSimpleDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTStatement;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Brackets statements of one block with {@code Py_BEGIN_CRITICAL_SECTION(obj)} /
 * {@code Py_END_CRITICAL_SECTION()} (FT104, FT306, FT307, FT404). The macros open and close a C
 * block, so both go in the same block, and no jump may leave between them: a {@code return X;}
 * inside becomes "store X, jump to a label just before the end", and the real return (or goto)
 * happens after the section is closed ({@link SectionPlacement}); where no label can be reached,
 * an exit breaks out of the loop with a flag set ({@link ExitFlag}). Before 3.13 the macros are a
 * plain block (compat fallback).
 */
public final class CriticalSection {
    /** The macro pair and the compat fallbacks it needs, in order. */
    public enum Kind {
        OBJECT("Py_BEGIN_CRITICAL_SECTION", "Py_END_CRITICAL_SECTION", List.of("Py_BEGIN_CRITICAL_SECTION")),
        SEQUENCE_FAST("Py_BEGIN_CRITICAL_SECTION_SEQUENCE_FAST", "Py_END_CRITICAL_SECTION_SEQUENCE_FAST",
                List.of("Py_BEGIN_CRITICAL_SECTION", "Py_BEGIN_CRITICAL_SECTION_SEQUENCE_FAST"));

        final String begin, end;
        final List<String> compat;

        Kind(String begin, String end, List<String> compat) { this.begin = begin; this.end = end; this.compat = compat; }
    }

    /** A section this patch opens: the function, the object (no blanks), the statements' span and its fix. */
    private record Opened(CFunction fn, String obj, int start, int end, Fix fix) {}

    private CriticalSection() {}

    /**
     * A REVIEW fix bracketing statements {@code from..to} of {@code block} (widened so that
     * locals declared inside stay in scope, and values derived from {@code obj} are used under
     * the lock), or an ADVICE fix saying why not.
     *
     * @param tag suffix of the generated names, so two sections of one function do not clash
     */
    static Fix wrap(FixContext fx, CFunction fn, IASTCompoundStatement block, int from, int to, String obj, Kind kind,
                    String tag, String what) {
        return wrap(fx, fn, block, 0, from, to, obj, kind, tag, what);
    }

    /** @param floor the first statement the section may start at */
    static Fix wrap(FixContext fx, CFunction fn, IASTCompoundStatement block, int floor, int from, int to, String obj, Kind kind,
                    String tag, String what) {
        FileModel model = fx.model();
        SourceFile src = model.source();
        int[] span = widen(src, block, floor, from, to, obj);
        Region reg = new Region(src, block, span[0], span[1]);
        String problem = reg.layoutProblem();
        if (problem != null) return advice(problem);
        if (reg.jumpedInto(fn)) return advice("a goto from outside jumps into the statements to protect");
        for (String c : reg.callees()) {
            if (Locks.isLock(c) || c.startsWith("PyCriticalSection")) return advice("the statements already take a lock (" + c + ")");
        }
        List<Region.Exit> exits = reg.exits();
        for (Region.Exit e : exits) {
            if (!e.isReturn() && !e.isGoto()) return advice("a break or continue leaves the statements to protect");
        }
        IASTCompoundStatement body = (IASTCompoundStatement) fn.node().getBody();
        // Exits inside: hold the section to the function's final return (as Argument Clinic's
        // @critical_section does) or end it just before the label the exits jump to, so each exit
        // is one "goto done" and no exit flag is needed.
        SectionPlacement.Placed placed = SectionPlacement.place(src, fn, block, span[0], span[1], obj);
        boolean atLabel = placed.atLabel();
        if (placed.region() != reg) {
            block = placed.block();
            reg = placed.region();
            exits = reg.exits();
            span[0] = List.of(block.getStatements()).indexOf(reg.first());
        }
        if (reg.releases(obj)) return advice("the statements release `" + obj + "` itself, which may free it while its critical section is held: release it after the section by hand");
        // Never two acquisitions of one lock: a section inside another of this patch on the same
        // object is not added again; sections that would overlap without nesting are not added.
        int at = Ast.range(reg.first()).start(), end = Region.end(src, reg.last());
        List<Opened> opened = fx.memo(Opened.class, ArrayList::new);
        String key = obj.replaceAll("\\s+", "");
        for (Opened o : opened) {
            if (!o.fn().equals(fn) || o.end() <= at || end <= o.start()) continue;
            boolean inside = o.start() <= at && end <= o.end(), around = at <= o.start() && o.end() <= end;
            String line = "line " + src.line(o.start());
            // The same edits: the patcher merges them, and this finding counts as fixed by that section.
            if (inside && o.obj().equals(key)) return o.fix();
            if (around && o.obj().equals(key)) return advice("the section would enclose the one on " + obj + " this patch opens at " + line + " (the same lock twice)");
            if (!inside && !around) return advice("the section would overlap the one on " + o.obj() + " this patch opens at " + line + " without nesting in it");
        }
        IASTStatement lastStmt = SectionPlacement.unlabel(reg.last());
        boolean finalReturn = block == body && reg.last() == body.getStatements()[body.getStatements().length - 1]
                && lastStmt instanceof IASTReturnStatement && exits.stream().allMatch(Region.Exit::isReturn);
        // Exits that can reach neither the end of the section nor its label: out of a loop, with a flag.
        ExitFlag.Shape flag = null;
        if (!finalReturn && !atLabel && !exits.isEmpty()) {
            flag = ExitFlag.plan(fx, fn, reg, exits, tag, block == body);
            if (flag.problem() != null) return advice(flag.problem());
        }
        String type = Region.returnType(fn);
        if (flag == null && type == null && exits.stream().anyMatch(Region.Exit::isReturn)) return advice("the function's return type is not a plain one");
        boolean isVoid = "void".equals(type);
        boolean values = flag == null && !isVoid && exits.stream().anyMatch(Region.Exit::isReturn);
        String existing = values && finalReturn ? resultVariable(src, body, lastStmt, type, span[0]) : null;
        String result = existing != null ? existing : values ? Names.fresh(fx, fn, "result", tag) : null;
        String label = exits.isEmpty() || flag != null ? null : Names.fresh(fx, fn, "done", tag);

        String ind = reg.indent();
        List<TextEdit> edits = new ArrayList<>();
        for (String c : kind.compat) {
            Optional<List<TextEdit>> e = Compat.provide(fx, c);
            if (e.isEmpty()) return advice("no #include to put the compat fallback of " + c + " after");
            edits.addAll(e.get());
        }
        StringBuilder pre = new StringBuilder(), post = new StringBuilder();
        if (values && existing == null) pre.append(type).append(type.endsWith("*") ? "" : " ").append(result).append(" = ").append(Region.zero(type)).append(";\n").append(ind);
        boolean jumps = false;
        if (flag != null) {
            edits.addAll(flag.edits());
            post.append(flag.after());
        }
        for (Region.Exit e : flag != null ? List.<Region.Exit>of() : exits) {
            List<String> lines = new ArrayList<>();
            if (e.isReturn()) {
                String v = Region.returnValue(src, (IASTReturnStatement) e.stmt());
                if (v == null) return advice("a return statement is written with a macro");
                if (!isVoid && !v.isEmpty() && !v.strip().equals(result)) lines.add(result + " = " + v + ";");
                if (finalReturn && e.stmt() == lastStmt) {
                    edits.add(lines.isEmpty() ? SourceText.deleteStatement(src, Ast.range(e.stmt())) : replaceStatement(src, e.stmt(), lines));
                    continue;
                }
            }
            lines.add("goto " + label + ";");
            jumps = true;
            TextEdit rep = replaceStatement(src, e.stmt(), lines);
            if (rep == null) return advice("an exit statement shares its line or is written with a macro");
            edits.add(rep);
        }
        if (finalReturn) {
            post.append(ind).append(isVoid ? "return;" : "return " + result + ";").append('\n');
        }
        TextRange first = Ast.range(reg.first());
        edits.add(TextEdit.insert(src.relPath(), first.start(), pre + kind.begin + "(" + obj + ");\n" + ind));
        // "done: ;": before 3.13 the end macro is a bare "}", and a label must label a statement.
        edits.add(TextEdit.insert(src.relPath(), reg.afterOffset(),
                (jumps ? SourceText.indentAt(src.text(), SourceText.lineStart(src.text(), Ast.range(fn.node()).start())) + label + ": ;\n" : "")
                        + ind + kind.end + "();\n" + post));
        String how = exits.isEmpty() ? "" : flag != null ? "; the " + exits.size() + " exit(s) inside break out of the loop, and the jump is taken once the section has closed"
                : "; the " + exits.size() + " exit(s) inside leave the section first";
        Fix fix = new Fix("hold " + kind.begin + "(" + obj + ") " + what + how + " (3.13; a plain block before)", FixSafety.REVIEW, edits);
        opened.add(new Opened(fn, key, at, end, fix));
        return fix;
    }

    /**
     * The function's own result variable: the local its final {@code return x;} returns, declared
     * with the return type at the top of the body before the section. Null when there is none.
     */
    private static String resultVariable(SourceFile src, IASTCompoundStatement body, IASTStatement last, String type, int before) {
        if (!(last instanceof IASTReturnStatement r) || r.getReturnValue() == null) return null;
        String name = Ast.identifier(r.getReturnValue());
        if (name == null) return null;
        IASTStatement[] all = body.getStatements();
        for (int i = 0; i < before; i++) {
            if (all[i] instanceof IASTDeclarationStatement ds && ds.getDeclaration() instanceof IASTSimpleDeclaration sd) {
                for (IASTDeclarator d : sd.getDeclarators()) {
                    if (!d.getName().toString().equals(name)) continue;
                    String spec = sd.getDeclSpecifier().getRawSignature().strip();
                    String t = d.getPointerOperators().length == 0 ? spec : spec + " " + "*".repeat(d.getPointerOperators().length);
                    return t.replaceAll("\\s+", " ").equals(type.replaceAll("\\s+", " ")) ? name : null;
                }
            }
        }
        return null;
    }

    /** Replaces a return/goto with lines; null when it is not a statement of its own (or a macro without its semicolon). */
    private static TextEdit replaceStatement(SourceFile src, IASTStatement s, List<String> lines) {
        String t = src.text();
        TextRange r = Ast.range(s);
        if (r == null) return null;
        int end = r.end();
        if (!t.substring(r.start(), end).endsWith(";")) {
            int i = SourceText.skipBlanks(t, end);
            if (i >= t.length() || t.charAt(i) != ';') return null;
            end = i + 1;
        }
        // One statement for one: it stays where it is, with no braces added.
        if (lines.size() == 1 || (s.getParent() instanceof IASTCompoundStatement || s.getParent() instanceof org.eclipse.cdt.core.dom.ast.IASTLabelStatement)
                && SourceText.firstOnLine(t, r.start())) {
            String ind = SourceText.indentAt(t, r.start());
            return new TextEdit(src.relPath(), r.start(), end - r.start(), String.join("\n" + ind, lines));
        }
        TextEdit braced = SourceText.bracedBody(src, r.start(), end, lines);
        return braced != null ? braced : new TextEdit(src.relPath(), r.start(), end - r.start(), "{ " + String.join(" ", lines) + " }");
    }

    /**
     * Forward: locals declared in the span, and values taken from {@code obj} in it, must stay
     * under the lock (and in scope) until their last use. Backward: a preceding statement that
     * computes from {@code obj} something the span uses (a size, an item pointer) joins it.
     */
    static int[] widen(SourceFile src, IASTCompoundStatement block, int floor, int from, int to, String obj) {
        IASTStatement[] all = block.getStatements();
        Pattern objRef = Pattern.compile("(?<![A-Za-z0-9_])" + Pattern.quote(obj.replaceAll("\\s+", "")) + "(?![A-Za-z0-9_])");
        boolean changed = true;
        while (changed) {
            changed = false;
            Set<String> names = new LinkedHashSet<>();
            for (int i = from; i <= to; i++) names.addAll(defined(src, all[i], objRef, true));
            for (int j = all.length - 1; j > to; j--) {
                if (mentionsAny(src, all[j], names)) { to = j; changed = true; break; }
            }
            if (from > floor) {
                Set<String> prev = defined(src, all[from - 1], objRef, false);
                for (int i = from; i <= to && !prev.isEmpty(); i++) {
                    if (mentionsAny(src, all[i], prev)) { from--; changed = true; break; }
                }
            }
        }
        return new int[]{from, to};
    }

    /** Names a top-level statement declares (all, when {@code allDecls}) or assigns from an expression mentioning obj. */
    private static Set<String> defined(SourceFile src, IASTStatement s, Pattern objRef, boolean allDecls) {
        Set<String> out = new LinkedHashSet<>();
        if (s instanceof IASTDeclarationStatement ds && ds.getDeclaration() instanceof IASTSimpleDeclaration sd) {
            for (IASTDeclarator d : sd.getDeclarators()) {
                if (allDecls || (d.getInitializer() != null && objRef.matcher(Ast.text(src, d.getInitializer()).replaceAll("\\s+", "")).find())) {
                    out.add(d.getName().toString());
                }
            }
        } else if (s instanceof IASTExpressionStatement es && Ast.strip(es.getExpression()) instanceof IASTBinaryExpression b
                && b.getOperator() == IASTBinaryExpression.op_assign && Ast.identifier(b.getOperand1()) != null
                && objRef.matcher(Ast.text(src, b.getOperand2()).replaceAll("\\s+", "")).find()) {
            out.add(Ast.identifier(b.getOperand1()));
        }
        return out;
    }

    private static boolean mentionsAny(SourceFile src, IASTStatement s, Set<String> names) {
        if (names.isEmpty()) return false;
        String text = Ast.text(src, s);
        for (String n : names) if (Pattern.compile("\\b" + Pattern.quote(n) + "\\b").matcher(text).find()) return true;
        return false;
    }

    static Fix advice(String why) {
        return new Fix("not rewritten automatically: " + why, FixSafety.ADVICE, List.of());
    }
}
