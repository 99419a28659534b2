package dev.ftmigrate.reports;

import dev.ftmigrate.rules.FileStatus;
import dev.ftmigrate.rules.Finding;
import dev.ftmigrate.rules.Level;
import dev.ftmigrate.rules.Location;
import dev.ftmigrate.rules.ScanResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compiler-style output ({@code path:line:col: level ID [confidence] message}) so editors and
 * terminals can jump to it, with the source line, a caret underline, evidence notes and the fix,
 * then a summary. Colour is opt-in: logs and CI get plain text.
 */
public final class TextReport {
    private static final String RESET = "\u001b[0m", BOLD = "\u001b[1m", RED = "\u001b[31m",
            YELLOW = "\u001b[33m", CYAN = "\u001b[36m", GREEN = "\u001b[32m";

    private final ReportOptions options;
    private final java.util.Map<String, dev.ftmigrate.rules.RuleDescriptor> rules = new java.util.HashMap<>();
    private final StringBuilder out = new StringBuilder();

    private TextReport(ReportOptions options) {
        this.options = options;
    }

    public static String render(ScanResult result, ReportOptions options) {
        TextReport t = new TextReport(options);
        for (dev.ftmigrate.rules.RuleDescriptor d : result.rules()) t.rules.put(d.id(), d);
        for (Finding f : Summary.sortedFindings(result)) t.finding(f);
        t.summary(Summary.of(result));
        return t.out.toString();
    }

    private void finding(Finding f) {
        Location l = f.location();
        out.append(paint(BOLD, l.relPath() + ":" + l.startLine() + ":" + l.startColumn() + ":")).append(' ')
                .append(paint(levelColour(f.level()), f.level().sarif())).append(' ')
                .append(paint(BOLD, f.ruleId())).append(" [").append(f.confidence().label()).append("] ")
                .append(oneLine(f.message())).append('\n');
        sourceLines(f);
        for (Location e : f.evidence()) {
            out.append("  ").append(paint(CYAN, "note:")).append(' ')
                    .append(e.relPath()).append(':').append(e.startLine()).append(':').append(e.startColumn()).append(':');
            if (e.message() != null) out.append(' ').append(oneLine(e.message()));
            out.append('\n');
        }
        // A planned fix when the scan planned them (patch, SARIF, JSON); else the rule's hint.
        var hint = rules.get(f.ruleId());
        if (f.fix().isPresent()) {
            out.append("  ").append(paint(GREEN, "fix (" + f.fix().get().safety().label() + "):")).append(' ')
                    .append(oneLine(f.fix().get().description())).append('\n');
        } else if (hint != null && !hint.fixHint().isEmpty()) {
            out.append("  ").append(paint(GREEN, "fix (" + hint.fixSafety().label() + "):")).append(' ')
                    .append(oneLine(hint.fixHint())).append('\n');
        }
        out.append('\n');
    }

    /** The exact line when the source is known; else the trimmed snippet, underlining the subject. */
    private void sourceLines(Finding f) {
        Location l = f.location();
        String src = options.sourceOf(l.relPath());
        String line = null, caret = null;
        if (src != null && l.startOffset() >= 0 && l.startOffset() <= src.length()) {
            int start = src.lastIndexOf('\n', l.startOffset() - 1) + 1;
            int end = src.indexOf('\n', l.startOffset());
            if (end < 0) end = src.length();
            line = stripCr(src.substring(start, end));
            int col = Math.min(l.startOffset() - start, line.length());
            int width = l.endOffset() <= end ? l.endOffset() - l.startOffset() : line.length() - col;
            caret = underline(line.substring(0, col), width);
        } else if (f.snippet() != null && !f.snippet().isBlank()) {
            line = stripCr(f.snippet().lines().findFirst().orElse(""));
            int at = f.subject() == null || f.subject().isEmpty() ? -1 : line.indexOf(f.subject());
            if (at >= 0) {
                // The subject usually starts the region: underline the region's width when it fits.
                int width = l.endLine() == l.startLine() ? l.endColumn() - l.startColumn() : 0;
                if (width < f.subject().length() || at + width > line.length()) width = f.subject().length();
                caret = underline(line.substring(0, at), width);
            }
        }
        if (line == null) return;
        String gutter = String.format("%5d | ", l.startLine());
        out.append(gutter).append(line).append('\n');
        if (caret != null) out.append(" ".repeat(gutter.length() - 2)).append("| ").append(paint(GREEN, caret)).append('\n');
    }

    /** Spaces under the prefix (tabs kept, so the caret lines up), then ^~~~. */
    private static String underline(String prefix, int width) {
        StringBuilder sb = new StringBuilder();
        for (char c : prefix.toCharArray()) sb.append(c == '\t' ? '\t' : ' ');
        sb.append('^').append("~".repeat(Math.max(0, width - 1)));
        return sb.toString();
    }

    private void summary(Summary s) {
        if (s.total() == 0) {
            out.append("no findings\n");
        } else {
            List<String> levels = new ArrayList<>();
            for (Level l : Level.values()) {
                int n = s.byLevel().get(l);
                levels.add(Summary.plural(n, l.sarif(), l.sarif() + "s"));
            }
            out.append(paint(BOLD, Summary.plural(s.total(), "finding", "findings"))).append(": ")
                    .append(String.join(", ", levels)).append('\n');
            List<String> rules = new ArrayList<>();
            for (Map.Entry<String, Integer> e : s.byRule().entrySet()) rules.add(e.getKey() + " " + e.getValue());
            out.append("by rule: ").append(String.join(", ", rules)).append('\n');
        }
        out.append(Summary.plural(s.files().size(), "file", "files")).append(" scanned");
        if (s.problemFiles().isEmpty()) {
            out.append(", none with parse problems\n");
        } else {
            out.append(", ").append(s.problemFiles().size()).append(" with parse problems:\n");
            for (FileStatus f : s.problemFiles()) {
                out.append("  ").append(f.relPath()).append(": ").append(Summary.describeProblems(f)).append('\n');
            }
        }
        out.append("suppressed: ").append(s.suppressed()).append(", baselined: ").append(s.baselined()).append('\n');
    }

    private String paint(String colour, String s) {
        return options.color() ? colour + s + RESET : s;
    }

    private static String levelColour(Level l) {
        return switch (l) {
            case ERROR -> BOLD + RED;
            case WARNING -> BOLD + YELLOW;
            case NOTE -> BOLD + CYAN;
        };
    }

    /** A message must not break the one-finding-per-line shape that editors parse. */
    private static String oneLine(String s) {
        return s == null ? "" : s.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    }

    private static String stripCr(String s) {
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }
}
