package dev.ftmigrate.rules.fix;

import dev.ftmigrate.analyzer.Ast;
import dev.ftmigrate.analyzer.CFunction;
import dev.ftmigrate.analyzer.CVariable;
import dev.ftmigrate.analyzer.FileModel;
import dev.ftmigrate.analyzer.SourceFile;
import dev.ftmigrate.rules.TextEdit;
import dev.ftmigrate.rules.engine.FixContext;
import org.eclipse.cdt.core.dom.ast.IASTStatement;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The releases in a lock region that move after the unlock: no lock is held across a
 * {@code Py_DECREF} (a finalizer may run Python code that re-enters and takes the lock). A
 * {@code Py_XSETREF}/{@code Py_CLEAR} of a locked static, or a {@code Py_DECREF}/{@code Py_XDECREF}
 * of a static (its table entry, its field) dropping the value it held, keeps that old value in a
 * local under the lock and releases it after the unlock, when the lock no longer owns it. Only
 * statements of the region itself with no exit after them: every path through the region then
 * reaches the unlock, and the release runs exactly once as before.
 */
final class DeferredReleases {
    /** {@code Py_XSETREF(v, e);} or {@code Py_CLEAR(v);} of a locked static. */
    private static final Pattern SWAP = Pattern.compile("(Py_X?SETREF)\\s*\\(\\s*(\\w+)\\s*,(.*)\\)\\s*;|(Py_CLEAR)\\s*\\(\\s*(\\w+)\\s*\\)\\s*;", Pattern.DOTALL);
    /** {@code Py_DECREF(x);} of a name, an entry {@code t[i]} or a field {@code s.f}: nothing evaluated twice has a side effect. */
    private static final Pattern RELEASE = Pattern.compile("(Py_X?DECREF)\\s*\\(\\s*([A-Za-z_]\\w*(?:\\s*(?:\\[\\s*\\w+\\s*\\]|(?:->|\\.)\\s*[A-Za-z_]\\w*))*)\\s*\\)\\s*;");

    /** Declarations before the lock, and releases after the unlock. */
    final List<String> pre = new ArrayList<>(), post = new ArrayList<>();
    /** The region's statements rewritten (an empty replacement removes the line). */
    final Map<IASTStatement, TextEdit> edits = new LinkedHashMap<>();
    /** The code of each rewritten statement still run under the lock (for the re-entrancy check). */
    final Map<IASTStatement, String> remaining = new HashMap<>();

    private DeferredReleases() {}

    static DeferredReleases of(FixContext fx, CFunction fn, Region reg, List<CVariable> group) {
        FileModel model = fx.model();
        SourceFile src = model.source();
        String t = src.text();
        DeferredReleases out = new DeferredReleases();
        int lastExit = reg.exits().stream().mapToInt(e -> Ast.range(e.stmt()).start()).max().orElse(-1);
        List<IASTStatement> stmts = reg.stmts;
        for (int i = 0; i < stmts.size(); i++) {
            IASTStatement st = stmts.get(i);
            int start = Ast.range(st).start(), end = Region.end(src, st);
            if (start < lastExit) continue;
            String code = model.code().substring(start, end).strip();
            String sind = SourceText.indentAt(t, start);
            Matcher m = SWAP.matcher(code);
            if (m.matches()) {
                String macro = m.group(1) != null ? m.group(1) : m.group(4), var = m.group(1) != null ? m.group(2) : m.group(5);
                CVariable cv = group.stream().filter(g -> g.name().equals(var)).findFirst().orElse(null);
                if (cv == null || !cv.pointer()) continue;
                String old = Names.fresh(fx, fn, "old", var);
                String type = cv.typeText().replaceAll("\\b(static|volatile)\\b", "").strip();
                out.pre.add(type + (type.endsWith("*") ? "" : " ") + old + ";");
                String value = m.group(1) != null ? m.group(3).strip() : "NULL";
                out.edits.put(st, new TextEdit(src.relPath(), start, end - start, old + " = " + var + ";\n" + sind + var + " = " + value + ";"));
                out.remaining.put(st, m.group(1) != null ? m.group(3) : "");
                out.post.add((macro.equals("Py_SETREF") ? "Py_DECREF(" : "Py_XDECREF(") + old + ");");
                continue;
            }
            m = RELEASE.matcher(code);
            if (!m.matches() || !SourceText.firstOnLine(t, start)) continue;
            String target = m.group(2).replaceAll("\\s+", ""), root = target.split("[^\\w]")[0];
            CVariable cv = group.stream().filter(g -> g.name().equals(root)).findFirst().orElse(null);
            if (cv == null) continue;
            // The static's own reference: taken out under the lock, released after it.
            String old = Names.fresh(fx, fn, "old", target.equals(root) ? root : null);
            boolean plain = target.equals(root) && cv.pointer();
            String type = plain ? cv.typeText().replaceAll("\\b(static|volatile)\\b", "").strip() : "PyObject *";
            out.pre.add(type + (type.endsWith("*") ? "" : " ") + old + ";");
            out.edits.put(st, new TextEdit(src.relPath(), start, end - start, old + " = " + (plain ? "" : "(PyObject *)") + m.group(2).strip() + ";"));
            out.remaining.put(st, "");
            out.post.add(m.group(1) + "(" + old + ");");
        }
        return out;
    }
}
