package dev.ftmigrate.reports;

import dev.ftmigrate.rules.FileStatus;
import dev.ftmigrate.rules.Finding;
import dev.ftmigrate.rules.Level;
import dev.ftmigrate.rules.Location;
import dev.ftmigrate.rules.RuleDescriptor;
import dev.ftmigrate.rules.ScanResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pull-request comment: heading, summary table by rule, findings grouped by file (no links, so it
 * reads the same on any forge), evidence as nested bullets, long lists collapsed in {@code <details>}.
 */
public final class MarkdownReport {
    private final ReportOptions options;
    private final StringBuilder out = new StringBuilder();
    private final Map<String, RuleDescriptor> rules = new java.util.HashMap<>();

    private MarkdownReport(ReportOptions options) {
        this.options = options;
    }

    public static String render(ScanResult result, ReportOptions options) {
        MarkdownReport m = new MarkdownReport(options);
        for (RuleDescriptor d : result.rules()) m.rules.put(d.id(), d);
        m.build(result, Summary.of(result));
        return m.out.toString();
    }

    private void build(ScanResult result, Summary s) {
        List<Finding> findings = Summary.sortedFindings(result);
        out.append("## ftmigrate: ")
                .append(s.total() == 0 ? "no free-threading hazards found"
                        : Summary.plural(s.total(), "free-threading finding", "free-threading findings"))
                .append("\n\n");
        Map<String, List<Finding>> byFile = new LinkedHashMap<>();
        for (Finding f : findings) byFile.computeIfAbsent(f.location().relPath(), k -> new ArrayList<>()).add(f);
        List<String> levels = new ArrayList<>();
        for (Level l : Level.values()) levels.add(Summary.plural(s.byLevel().get(l), l.sarif(), l.sarif() + "s"));
        out.append(String.join(", ", levels)).append(" in ").append(byFile.size()).append(" of ")
                .append(Summary.plural(s.files().size(), "file", "files")).append(" scanned; ")
                .append(s.suppressed()).append(" suppressed, ").append(s.baselined()).append(" baselined.\n\n");
        if (s.total() > 0) table(s);
        parseProblems(s);
        byFile.forEach(this::file);
    }

    private void table(Summary s) {
        out.append("| Rule | Name | Count | Highest level |\n| --- | --- | ---: | --- |\n");
        s.byRule().forEach((id, n) -> {
            RuleDescriptor d = s.rules().get(id);
            String name = d == null || d.name() == null ? "" : cell(d.name());
            out.append("| ").append(cell(id)).append(" | ").append(name).append(" | ").append(n)
                    .append(" | ").append(s.highestByRule().get(id).sarif()).append(" |\n");
        });
        out.append('\n');
    }

    private void parseProblems(Summary s) {
        if (s.problemFiles().isEmpty()) return;
        out.append("> **Note:** ").append(Summary.plural(s.problemFiles().size(), "file", "files"))
                .append(" could not be parsed completely; findings there may be incomplete.\n\n");
        boolean collapse = s.problemFiles().size() > options.collapseThreshold();
        if (collapse) out.append("<details>\n<summary>Files with parse problems</summary>\n\n");
        for (FileStatus f : s.problemFiles()) {
            out.append("- ").append(code(f.relPath())).append(": ").append(text(Summary.describeProblems(f))).append('\n');
        }
        out.append('\n');
        if (collapse) out.append("</details>\n\n");
    }

    private void file(String path, List<Finding> fs) {
        out.append("### ").append(code(path)).append("\n\n");
        boolean collapse = fs.size() > options.collapseThreshold();
        if (collapse) {
            out.append("<details>\n<summary>").append(Summary.plural(fs.size(), "finding", "findings"))
                    .append(" in ").append(html(path)).append("</summary>\n\n");
        }
        for (Finding f : fs) {
            Location l = f.location();
            out.append("- ").append(code(l.relPath() + ":" + l.startLine())).append(" **").append(f.ruleId())
                    .append("** ").append(f.level().sarif()).append(" (").append(f.confidence().label())
                    .append(" confidence): ").append(text(f.message())).append('\n');
            for (Location e : f.evidence()) {
                out.append("  - ").append(code(e.relPath() + ":" + e.startLine()));
                if (e.message() != null) out.append(' ').append(text(e.message()));
                out.append('\n');
            }
            RuleDescriptor hint = rules.get(f.ruleId());
            if (f.fix().isPresent()) {
                out.append("  - fix (").append(f.fix().get().safety().label()).append("): ").append(text(f.fix().get().description())).append('\n');
            } else if (hint != null && !hint.fixHint().isEmpty()) {
                out.append("  - fix (").append(hint.fixSafety().label()).append("): ").append(text(hint.fixHint())).append('\n');
            }
        }
        out.append('\n');
        if (collapse) out.append("</details>\n\n");
    }

    /** Escapes Markdown and HTML outside `code spans`; balanced backticks stay as code. */
    static String text(String s) {
        return text(s, false);
    }

    /** In a table cell GFM splits on '|' even inside code spans, so those get escaped too. */
    static String text(String s, boolean cell) {
        if (s == null) return "";
        s = s.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
        long ticks = s.chars().filter(c -> c == '`').count();
        if (ticks % 2 != 0) return escape(s, true);
        String[] parts = s.split("`", -1);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) sb.append('`');
            sb.append(i % 2 == 1 ? (cell ? parts[i].replace("|", "\\|") : parts[i]) : escape(parts[i], false));
        }
        return sb.toString();
    }

    private static String escape(String s, boolean ticks) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            // GFM ignores intraword '_', so identifiers like Py_mod_gil stay readable in the raw text.
            boolean intraword = c == '_' && i > 0 && i + 1 < s.length()
                    && Character.isLetterOrDigit(s.charAt(i - 1)) && Character.isLetterOrDigit(s.charAt(i + 1));
            if (("\\*_[]<>|&~#".indexOf(c) >= 0 && !intraword) || (ticks && c == '`')) sb.append('\\');
            sb.append(c);
        }
        return sb.toString();
    }

    /** A code span that survives backticks inside (CommonMark: longer fence, padded). */
    static String code(String s) {
        s = s.replace('\n', ' ');
        return s.contains("`") ? "`` " + s + " ``" : "`" + s + "`";
    }

    private static String cell(String s) {
        return text(s, true);
    }

    private static String html(String s) {
        return "<code>" + s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") + "</code>";
    }
}
