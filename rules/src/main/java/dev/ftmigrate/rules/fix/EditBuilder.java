package dev.ftmigrate.rules.fix;

import dev.ftmigrate.analyzer.Ast;
import dev.ftmigrate.analyzer.SourceFile;
import dev.ftmigrate.analyzer.TextRange;
import dev.ftmigrate.rules.TextEdit;
import org.eclipse.cdt.core.dom.ast.IASTCompoundStatement;
import org.eclipse.cdt.core.dom.ast.IASTStatement;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects the edits of one fix at statement granularity: lines to put before a statement (in
 * braces when the statement is the bare body of an if or loop), lines to put before a block's
 * closing brace, replacements and deletions. Lines for one place are merged and de-duplicated.
 * {@link #ok()} is false once something could not be placed; the fix must then be dropped.
 */
public final class EditBuilder {
    private final SourceFile src;
    private String unit;
    private final Map<IASTStatement, Set<String>> before = new LinkedHashMap<>();
    private final Map<IASTCompoundStatement, Set<String>> atEnd = new LinkedHashMap<>();
    private final List<TextEdit> other = new ArrayList<>();
    private String problem;

    public EditBuilder(SourceFile src) {
        this(src, null);
    }

    /** @param unit the file's indentation unit when the caller has it already (else worked out on first need) */
    public EditBuilder(SourceFile src, String unit) {
        this.src = src;
        this.unit = unit;
    }

    public String unit() {
        if (unit == null) unit = SourceText.indentUnit(src);
        return unit;
    }

    public SourceFile source() { return src; }

    public boolean ok() { return problem == null; }

    public String problem() { return problem; }

    public void fail(String why) { if (problem == null) problem = why; }

    public void before(IASTStatement s, String line) { before.computeIfAbsent(s, k -> new LinkedHashSet<>()).add(line); }

    public void atEnd(IASTCompoundStatement c, String line) { atEnd.computeIfAbsent(c, k -> new LinkedHashSet<>()).add(line); }

    public void add(TextEdit e) { other.add(e); }

    public void replace(TextRange r, String text) { other.add(new TextEdit(src.relPath(), r.start(), r.length(), text)); }

    public List<TextEdit> build() {
        List<TextEdit> out = new ArrayList<>(other);
        String t = src.text();
        for (var e : before.entrySet()) {
            TextRange r = Ast.range(e.getKey());
            if (r == null) { fail("a statement has no position"); continue; }
            if (e.getKey().getParent() instanceof IASTCompoundStatement
                    || e.getKey().getParent() instanceof org.eclipse.cdt.core.dom.ast.IASTLabelStatement) {
                String indent = SourceText.firstOnLine(t, r.start()) ? SourceText.indentAt(t, r.start()) : null;
                StringBuilder sb = new StringBuilder();
                for (String l : e.getValue()) sb.append(l).append(indent == null ? " " : "\n" + indent);
                out.add(TextEdit.insert(src.relPath(), r.start(), sb.toString()));
            } else {
                String stmt = t.substring(r.start(), r.end());
                if (!stmt.endsWith(";")) { fail("cannot wrap `" + stmt + "` in braces"); continue; }
                List<String> lines = new ArrayList<>(e.getValue());
                lines.add(stmt);
                TextEdit braced = other.stream().anyMatch(o -> o.offset() <= r.end() && o.end() >= SourceText.lineStart(t, r.start()) - 1) ? null
                        : SourceText.bracedBody(src, r.start(), r.end(), lines);
                if (braced != null) { out.add(braced); continue; }
                out.add(TextEdit.insert(src.relPath(), r.start(), "{ " + String.join(" ", e.getValue()) + " "));
                out.add(TextEdit.insert(src.relPath(), r.end(), " }"));
            }
        }
        for (var e : atEnd.entrySet()) {
            TextRange r = Ast.range(e.getKey());
            int close = r == null ? -1 : r.end() - 1;
            if (close < 0 || t.charAt(close) != '}' || !SourceText.firstOnLine(t, close)) {
                fail("the end of a block is not a plain closing brace");
                continue;
            }
            IASTStatement[] body = e.getKey().getStatements();
            TextRange last = body.length == 0 ? null : Ast.range(body[body.length - 1]);
            String indent = last != null && SourceText.firstOnLine(t, last.start()) ? SourceText.indentAt(t, last.start())
                    : SourceText.indentAt(t, close) + unit();
            StringBuilder sb = new StringBuilder();
            for (String l : e.getValue()) sb.append(indent).append(l).append('\n');
            out.add(TextEdit.insert(src.relPath(), SourceText.lineStart(t, close), sb.toString()));
        }
        out.sort(Comparator.comparingInt(TextEdit::offset).thenComparingInt(TextEdit::length));
        return out;
    }
}
