package dev.ftmigrate.rules.fix;

import dev.ftmigrate.analyzer.Ast;
import dev.ftmigrate.analyzer.CVariable;
import dev.ftmigrate.analyzer.FileModel;
import dev.ftmigrate.analyzer.SourceFile;
import dev.ftmigrate.analyzer.StaticAccess;
import dev.ftmigrate.analyzer.TextRange;
import dev.ftmigrate.rules.Fix;
import dev.ftmigrate.rules.engine.FixContext;
import dev.ftmigrate.rules.FixSafety;
import dev.ftmigrate.rules.TextEdit;
import org.eclipse.cdt.core.dom.ast.IASTCompoundStatement;
import org.eclipse.cdt.core.dom.ast.IASTIfStatement;
import org.eclipse.cdt.core.dom.ast.IASTNode;
import org.eclipse.cdt.core.dom.ast.IASTSimpleDeclaration;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * FT403: the free list compiled out of free-threaded builds, as CPython did with its own: the pop
 * {@code if (numfree) { op = free_list[--numfree]; ... } else { op = alloc(...); }} keeps only its
 * else branch, the push {@code if (numfree < MAX) { free_list[numfree++] = op; return; }} goes
 * away, so the object is allocated and freed normally. Declarations left unused are compiled out
 * too (no unused-variable warning). Any other shape, anywhere in the file, declines the whole fix.
 */
public final class FreeListFix {
    private FreeListFix() {}

    /** @param flagged every free-list write the rule reports in this file */
    public static Fix fix(FixContext fx, StaticAccess access, Supplier<List<StaticAccess>> flagged) {
        return fx.memo(FreeListFix.class, () -> plan(fx.model(), flagged.get()));
    }

    private static Fix plan(FileModel model, List<StaticAccess> flagged) {
        SourceFile src = model.source();
        String t = src.text();
        Map<IASTIfStatement, Boolean> ifs = new LinkedHashMap<>(); // if -> is a pop (has the allocating else)
        Set<CVariable> vars = new LinkedHashSet<>();
        for (StaticAccess a : flagged) {
            vars.add(a.variable());
            IASTIfStatement s = guard(a, flagged);
            if (s == null) return advice("the free-list update at line " + src.line(a.range().start()) + " is not inside the classic pop or push `if`");
            if (ifs.containsKey(s)) continue;
            String why = shape(src, s);
            if (why != null) return advice(why);
            ifs.put(s, s.getElseClause() != null);
        }
        List<TextEdit> edits = new ArrayList<>();
        List<TextRange> removed = new ArrayList<>();
        for (var e : ifs.entrySet()) {
            IASTIfStatement s = e.getKey();
            TextRange r = Ast.range(s);
            String ind = SourceText.indentAt(t, r.start());
            edits.add(TextEdit.insert(src.relPath(), SourceText.lineStart(t, r.start()), "#ifndef Py_GIL_DISABLED\n"));
            if (e.getValue()) {
                TextRange then = Ast.range(s.getThenClause()), other = Ast.range(s.getElseClause());
                edits.add(new TextEdit(src.relPath(), then.end(), other.start() - then.end(), "\n" + ind + "else\n#endif\n" + ind));
                removed.add(new TextRange(r.start(), then.end()));
            } else {
                edits.add(TextEdit.insert(src.relPath(), SourceText.nextLineStart(t, r.end()), "#endif\n"));
                removed.add(r);
            }
        }
        // A free-list variable used nowhere else would be "defined but not used" in free-threaded builds.
        String code = model.code();
        for (CVariable v : vars) {
            Matcher m = Pattern.compile("\\b" + Pattern.quote(v.name()) + "\\b").matcher(code);
            boolean usedElsewhere = false;
            while (m.find()) {
                int at = m.start();
                if (at >= v.nameRange().start() && at < v.nameRange().end()) continue;
                if (removed.stream().noneMatch(r -> r.start() <= at && at < r.end())) usedElsewhere = true;
            }
            if (usedElsewhere) continue;
            IASTNode d = v.declarator() == null ? null : v.declarator().getParent();
            TextRange dr = d == null ? null : Ast.range(d);
            if (!(d instanceof IASTSimpleDeclaration sd) || sd.getDeclarators().length != 1 || dr == null
                    || !SourceText.firstOnLine(t, dr.start()) || !SourceText.lastOnLine(t, dr.end())) {
                return advice("the declaration of `" + v.name() + "` cannot be compiled out on its own");
            }
            edits.add(TextEdit.insert(src.relPath(), SourceText.lineStart(t, dr.start()), "#ifndef Py_GIL_DISABLED\n"));
            edits.add(TextEdit.insert(src.relPath(), SourceText.nextLineStart(t, dr.end()), "#endif\n"));
        }
        return new Fix("compile the free list out of free-threaded builds (#ifndef Py_GIL_DISABLED): objects are allocated and "
                + "freed normally there, as CPython does with its own free lists", FixSafety.REVIEW, edits);
    }

    /** The nearest enclosing if whose condition tests free-list state. */
    private static IASTIfStatement guard(StaticAccess a, List<StaticAccess> flagged) {
        Set<String> names = new LinkedHashSet<>();
        for (StaticAccess f : flagged) names.add(f.variable().name());
        for (IASTNode n = a.node().getParent(); n != null; n = n.getParent()) {
            if (n instanceof IASTIfStatement s && s.getConditionExpression() != null) {
                String cond = s.getConditionExpression().getRawSignature();
                for (String v : names) if (Pattern.compile("\\b" + Pattern.quote(v) + "\\b").matcher(cond).find()) return s;
            }
        }
        return null;
    }

    /** Null for the pop (compound then and else) or push (no else, then always returns) shape; else why not. */
    private static String shape(SourceFile src, IASTIfStatement s) {
        String t = src.text();
        TextRange r = Ast.range(s);
        if (!(s.getParent() instanceof IASTCompoundStatement) || !SourceText.firstOnLine(t, r.start()) || !SourceText.lastOnLine(t, r.end())
                || !t.startsWith("if", r.start())) {
            return "the free-list `if` at line " + src.line(r.start()) + " is not a statement on lines of its own";
        }
        if (!(s.getThenClause() instanceof IASTCompoundStatement)) return "the free-list `if` at line " + src.line(r.start()) + " has no braces";
        if (s.getElseClause() == null) {
            return Stmts.alwaysExits(s.getThenClause()) ? null
                    : "the free-list push at line " + src.line(r.start()) + " does not return after storing the object";
        }
        if (!(s.getElseClause() instanceof IASTCompoundStatement)) return "the free-list pop at line " + src.line(r.start()) + " has no plain else block";
        TextRange then = Ast.range(s.getThenClause()), other = Ast.range(s.getElseClause());
        if (!t.substring(then.end(), other.start()).strip().equals("else")) return "comments between the free-list branches";
        return null;
    }

    static Fix advice(String why) {
        return new Fix("not rewritten automatically: " + why, FixSafety.ADVICE, List.of());
    }
}
