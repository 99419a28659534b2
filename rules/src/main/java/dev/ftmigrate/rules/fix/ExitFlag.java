package dev.ftmigrate.rules.fix;

import dev.ftmigrate.analyzer.Ast;
import dev.ftmigrate.analyzer.CFunction;
import dev.ftmigrate.analyzer.CodeText;
import dev.ftmigrate.analyzer.SourceFile;
import dev.ftmigrate.analyzer.TextRange;
import dev.ftmigrate.rules.TextEdit;
import dev.ftmigrate.rules.engine.FixContext;
import org.eclipse.cdt.core.dom.ast.ASTVisitor;
import org.eclipse.cdt.core.dom.ast.IASTCaseStatement;
import org.eclipse.cdt.core.dom.ast.IASTCompoundStatement;
import org.eclipse.cdt.core.dom.ast.IASTDeclarationStatement;
import org.eclipse.cdt.core.dom.ast.IASTDeclarator;
import org.eclipse.cdt.core.dom.ast.IASTDefaultStatement;
import org.eclipse.cdt.core.dom.ast.IASTDoStatement;
import org.eclipse.cdt.core.dom.ast.IASTForStatement;
import org.eclipse.cdt.core.dom.ast.IASTIfStatement;
import org.eclipse.cdt.core.dom.ast.IASTNode;
import org.eclipse.cdt.core.dom.ast.IASTReturnStatement;
import org.eclipse.cdt.core.dom.ast.IASTStatement;
import org.eclipse.cdt.core.dom.ast.IASTSwitchStatement;
import org.eclipse.cdt.core.dom.ast.IASTWhileStatement;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A section around a loop whose exits jump where the section cannot follow (a label outside its
 * block): as maintainers write it, each exit becomes {@code err = 1; break;} and the jump is taken
 * once the section has closed, {@code if (err) goto cleanup;}. Only when every exit leaves that
 * loop directly and all go to the same place with a value fixed before the loop.
 */
final class ExitFlag {
    /** The flag's declaration and the rewritten exits, and the lines after the section's end; or why not. */
    record Shape(List<TextEdit> edits, String after, String problem) {
        static Shape no(String why) { return new Shape(List.of(), null, why); }
    }

    private static final Pattern FIXED = Pattern.compile("[-+]?\\s*(\\d+[uUlL]*|0[xX][0-9a-fA-F]+[uUlL]*)|NULL|[A-Za-z_][A-Za-z0-9_]*");

    private ExitFlag() {}

    static Shape plan(FixContext fx, CFunction fn, Region reg, List<Region.Exit> exits, String tag, boolean inBody) {
        SourceFile src = reg.src;
        IASTStatement loop = SectionPlacement.unlabel(reg.last());
        Region.Exit first = exits.get(0);
        String firstJump = first.isReturn() ? "a return" : "goto " + first.gotoLabel();
        if (!(loop instanceof IASTWhileStatement || loop instanceof IASTForStatement || loop instanceof IASTDoStatement)) {
            return Shape.no("an exit inside (" + firstJump + ") leaves " + (inBody ? "the statements" : "the block that holds them")
                    + " for code the section cannot reach, and no loop to break out of ends them: end the section by hand"
                    + " (or move the code into a helper function)");
        }
        Set<String> inside = declaredIn(reg);
        Set<String> jumps = new LinkedHashSet<>();
        for (Region.Exit e : exits) {
            String what = e.isReturn() ? "a return" : "goto " + e.gotoLabel();
            if (!Ast.range(loop).contains(Ast.range(e.stmt()))) {
                return Shape.no("an exit (" + what + ") leaves the statements before the loop, for code the section cannot reach: end the section by hand");
            }
            if (breakTarget(e.stmt()) != loop) {
                return Shape.no("an exit (" + what + ") sits in a nested loop or switch, where a break would not leave the loop the section holds:"
                        + " end the section by hand (or move the loop into a helper function)");
            }
            String jump = jumpText(src, e, inside);
            if (jump == null) return Shape.no("an exit (" + what + ") is written with a macro or returns a value computed in the loop");
            jumps.add(jump);
        }
        if (jumps.size() > 1) {
            return Shape.no("the exits of the loop go to different places (" + String.join(", ", jumps)
                    + "): one flag cannot say where; end the section by hand");
        }
        IASTCompoundStatement block = reg.block;
        int at = List.of(block.getStatements()).indexOf(reg.first());
        if (at > 0 && (block.getStatements()[at - 1] instanceof IASTCaseStatement || block.getStatements()[at - 1] instanceof IASTDefaultStatement)) {
            return Shape.no("the loop follows a case label, where the flag's declaration cannot stand: end the section by hand");
        }
        String flag = Names.freshLocal(fx, fn, block, "err", tag);
        List<TextEdit> edits = new ArrayList<>();
        for (Region.Exit e : exits) {
            TextEdit rep = breakOut(src, e.stmt(), List.of(flag + " = 1;", "break;"));
            if (rep == null) return Shape.no("an exit statement shares its line with other code");
            edits.add(rep);
        }
        edits.add(declaration(src, block, reg.first(), "int " + flag + " = 0;"));
        String ind = reg.indent(), unit = SourceText.unitAt(src, reg.first());
        String jump = jumps.iterator().next(), test = hint(src, exits) == null ? flag : hint(src, exits) + "(" + flag + ")";
        String after = switch (src.derived(GUARD_STYLE, ExitFlag::guardStyle)) {
            case ONE_LINE -> ind + "if (" + test + ") " + jump + "\n";
            case NEXT_LINE -> ind + "if (" + test + ")\n" + ind + unit + jump + "\n";
            case BRACED -> ind + "if (" + test + ")" + (SourceText.bracesOnOwnLine(src) ? "\n" + ind + "{\n" : " {\n")
                    + ind + unit + jump + "\n" + ind + "}\n";
        };
        return new Shape(edits, after, null);
    }

    private static final Pattern HINT = Pattern.compile("((?:[A-Za-z_]\\w*)?(?:UNLIKELY|unlikely))\\s*\\(.*", Pattern.DOTALL);

    /**
     * The branch-hint macro the exits' conditions are written with ({@code MS_UNLIKELY(...)},
     * {@code unlikely(...)}), so the test of the flag reads like them; null when none is.
     */
    private static String hint(SourceFile src, List<Region.Exit> exits) {
        for (Region.Exit e : exits) {
            for (IASTNode n = e.stmt().getParent(); n != null && !(n instanceof IASTWhileStatement || n instanceof IASTForStatement
                    || n instanceof IASTDoStatement); n = n.getParent()) {
                if (!(n instanceof IASTIfStatement ifs)) continue;
                String cond = condition(src.text(), Ast.range(ifs));
                var m = HINT.matcher(cond);
                if (m.matches() && closes(cond, cond.indexOf('('))) return m.group(1);
                break;
            }
        }
        return null;
    }

    /** The text between the parentheses of an if, as written (a macro hint included); "" when not found. */
    private static String condition(String t, TextRange ifRange) {
        int open = ifRange == null ? -1 : t.indexOf('(', ifRange.start());
        for (int i = open, depth = 0; open >= 0 && i < ifRange.end(); i++) {
            if (t.charAt(i) == '(') depth++;
            else if (t.charAt(i) == ')' && --depth == 0) return t.substring(open + 1, i).strip();
        }
        return "";
    }

    /** True when the parenthesis at {@code open} closes at the text's end: the whole condition is one call. */
    private static boolean closes(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            if (text.charAt(i) == '(') depth++;
            else if (text.charAt(i) == ')' && --depth == 0) return i == text.length() - 1;
        }
        return false;
    }

    /** The loop or switch a break at {@code s} would leave. */
    private static IASTNode breakTarget(IASTStatement s) {
        for (IASTNode n = s.getParent(); n != null; n = n.getParent()) {
            if (n instanceof IASTWhileStatement || n instanceof IASTDoStatement || n instanceof IASTForStatement || n instanceof IASTSwitchStatement) return n;
        }
        return null;
    }

    /**
     * The exit as it will be written after the section: {@code goto L;}, or the return as written
     * when its value cannot change after the loop (a constant, or a variable declared before the
     * section). Null otherwise.
     */
    private static String jumpText(SourceFile src, Region.Exit e, Set<String> inside) {
        if (e.isGoto()) return "goto " + e.gotoLabel() + ";";
        IASTReturnStatement r = (IASTReturnStatement) e.stmt();
        String v = Region.returnValue(src, r);
        if (v == null) return null;
        TextRange range = Ast.range(r);
        String text = src.text().substring(range.start(), range.end()).replaceAll("\\s+", " ").strip();
        if (text.startsWith("Py_RETURN_")) return text.endsWith(";") ? text : text + ";";
        String value = Ast.strip(r.getReturnValue()) == null ? "" : Ast.text(src, Ast.strip(r.getReturnValue())).strip();
        if (value.isEmpty()) return "return;";
        if (!FIXED.matcher(value).matches() || inside.contains(value)) return null;
        return "return " + value + ";";
    }

    /** Names declared in the region (their values are gone once the section has closed). */
    private static Set<String> declaredIn(Region reg) {
        Set<String> out = new LinkedHashSet<>();
        for (IASTStatement s : reg.stmts) {
            s.accept(new ASTVisitor() {
                { shouldVisitDeclarators = true; }

                @Override
                public int visit(IASTDeclarator d) {
                    out.add(d.getName().toString());
                    return PROCESS_CONTINUE;
                }
            });
        }
        return out;
    }

    /**
     * The exit replaced by {@code lines}: one per line where it stands alone in a block, else as
     * a braced body of its if or loop, written over lines in the file's brace style.
     */
    private static TextEdit breakOut(SourceFile src, IASTStatement s, List<String> lines) {
        String t = src.text();
        TextRange r = Ast.range(s);
        int end = Region.end(src, s);
        if (!SourceText.lastOnLine(t, end)) return null;
        if (s.getParent() instanceof IASTCompoundStatement && SourceText.firstOnLine(t, r.start())) {
            return new TextEdit(src.relPath(), r.start(), end - r.start(), String.join("\n" + SourceText.indentAt(t, r.start()), lines));
        }
        if (!(s.getParent() instanceof IASTStatement head) || s.getParent() instanceof IASTCompoundStatement) return null;
        if (SourceText.firstOnLine(t, r.start())) return SourceText.bracedBody(src, r.start(), end, lines);
        // "if (x) goto error;" on one line: the braces open after the condition.
        int p = r.start();
        while (p > 0 && (t.charAt(p - 1) == ' ' || t.charAt(p - 1) == '\t')) p--;
        boolean after = t.charAt(p - 1) == ')' || t.startsWith("else", p - 4) || t.startsWith("do", p - 2);
        if (!after) return null;
        String outer = SourceText.indentAt(t, Ast.range(head).start());
        return SourceText.braced(src, p, end, outer, outer + SourceText.unitAt(src, head), lines);
    }

    /**
     * {@code int err = 0;} with the block's opening declarations when they come before the
     * section (C89 style), else on the line before the section.
     */
    private static TextEdit declaration(SourceFile src, IASTCompoundStatement block, IASTStatement sectionStart, String decl) {
        String t = src.text();
        IASTStatement lastDecl = null;
        for (IASTStatement s : block.getStatements()) {
            if (s == sectionStart || !(s instanceof IASTDeclarationStatement)) break;
            lastDecl = s;
        }
        if (lastDecl != null && SourceText.lastOnLine(t, Region.end(src, lastDecl))) {
            int next = SourceText.nextLineStart(t, Region.end(src, lastDecl));
            return TextEdit.insert(src.relPath(), next, SourceText.indentAt(t, Ast.range(lastDecl).start()) + decl + "\n");
        }
        int at = Ast.range(sectionStart).start();
        return TextEdit.insert(src.relPath(), at, decl + "\n" + SourceText.indentAt(t, at));
    }

    enum Style { ONE_LINE, NEXT_LINE, BRACED }

    /** The file's {@link #guardStyle}, worked out once per file: three patterns over its whole text, which each flag asked again. */
    private static final Object GUARD_STYLE = new Object();

    private static final Pattern ONE_LINE = Pattern.compile("\\bif\\s*\\([^\\n]*\\)[ \\t]*(goto|return)\\b[^\\n]*;");
    private static final Pattern NEXT_LINE = Pattern.compile("\\bif\\s*\\([^\\n]*\\)[ \\t]*\\r?\\n[ \\t]+(goto|return)\\b");
    private static final Pattern BRACED = Pattern.compile("\\bif\\s*\\([^\\n]*\\)\\s*\\{[ \\t]*\\r?\\n[ \\t]+(goto|return)\\b[^\\n]*\\r?\\n[ \\t]*}");

    /** How the file writes "if (x) goto/return": on one line, on the next line, or braced (the tie-break, as PEP 7 asks). */
    static Style guardStyle(String text) {
        String code = CodeText.of(text);
        int one = count(ONE_LINE, code), next = count(NEXT_LINE, code), braced = count(BRACED, code);
        if (one > next && one > braced) return Style.ONE_LINE;
        return next > braced ? Style.NEXT_LINE : Style.BRACED;
    }

    /**
     * Matches of {@code p} in {@code s}, as {@code find()} counts them; each pattern opens with the word "if", so it is
     * tried only where "if" occurs (tried at every offset, the three were a cold scan's 0.7%).
     */
    private static int count(Pattern p, String s) {
        int n = 0;
        Matcher m = p.matcher(s).useTransparentBounds(true);   // "\b" sees the character before the region
        for (int i = s.indexOf("if"); i >= 0; ) {
            if (m.region(i, s.length()).lookingAt()) {
                n++;
                i = s.indexOf("if", Math.max(m.end(), i + 1));
            } else {
                i = s.indexOf("if", i + 1);
            }
        }
        return n;
    }
}
