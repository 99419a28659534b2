package dev.ftmigrate.check;

import dev.ftmigrate.check.CheckReport.Cost;
import dev.ftmigrate.check.CheckReport.FindingRef;
import dev.ftmigrate.check.CheckReport.Link;
import dev.ftmigrate.check.CheckReport.Measure;
import dev.ftmigrate.check.CheckReport.Race;
import dev.ftmigrate.check.CheckReport.ScalingRow;
import dev.ftmigrate.check.CheckReport.ThreadedFailure;
import dev.ftmigrate.runtime.TestRun;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The check as a pull-request comment: verdict, steps with wall times, runtime results, links, performance. */
public final class CheckMarkdown {
    private CheckMarkdown() {}

    public static String render(CheckReport r) {
        StringBuilder sb = new StringBuilder();
        var v = r.verdict();
        sb.append("## ftmigrate check: ").append(v.ok() ? "✅ clean" : "❌ problems").append(" (").append(v.variant())
                .append(")\n\n");
        sb.append("Project `").append(name(r.project())).append("` (").append(r.buildSystem()).append("). ");
        Map<String, Integer> byRule = new TreeMap<>();
        r.findings().forEach(f -> byRule.merge(f.ruleId(), 1, Integer::sum));
        sb.append(r.findings().size()).append(" static finding(s)");
        if (!byRule.isEmpty()) sb.append(": ").append(join(byRule));
        sb.append(".\n\n");
        for (String p : v.problems()) sb.append("- ").append(esc(p)).append('\n');
        if (!v.problems().isEmpty()) sb.append('\n');

        sb.append("| step | wall time | status |\n|---|---:|---|\n");
        for (var s : r.steps()) sb.append("| ").append(s.name()).append(" | ").append(fmt(s.seconds())).append(" s | ").append(esc(s.status())).append(" |\n");
        sb.append('\n');
        if (r.patch() != null) {
            sb.append("**Patch** (work copy").append(r.patch().unsafeFixes() ? ", review fixes included" : ", safe fixes only")
                    .append("): applied ").append(join(r.patch().applied()));
            if (!r.patch().reviewOnly().isEmpty()) sb.append("; needs review, not applied: ").append(join(r.patch().reviewOnly()));
            sb.append(".\n\n");
        }
        sb.append("| build | interpreter | result |\n|---|---|---|\n");
        for (var b : r.builds()) sb.append("| ").append(b.variant()).append(" | ").append(b.interpreter()).append(" | ")
                .append(b.ok() ? "ok (" + fmt(b.seconds()) + " s)" : "**failed**: " + esc(first(b.message()))).append(" |\n");
        for (var i : r.imports()) {
            if (!i.outcome().equals("pass")) sb.append("| ").append(i.variant()).append(" import | ").append(i.interpreter())
                    .append(" | **").append(i.outcome()).append("**: ").append(esc(first(i.message()))).append(" |\n");
        }
        sb.append('\n');
        if (!r.tests().isEmpty()) {
            sb.append("| test run | threads | runner | status | passed | failed | skipped | time |\n|---|---:|---|---|---:|---:|---:|---:|\n");
            for (TestRun t : r.tests()) {
                sb.append("| ").append(t.label()).append(" | ").append(t.threads()).append(" | ").append(t.runner()).append(" | ")
                        .append(t.status()).append(" | ").append(t.passed()).append(" | ").append(t.failed()).append(" | ")
                        .append(t.skipped()).append(" | ").append(fmt(t.seconds())).append(" s |\n");
            }
            sb.append('\n');
        }
        if (!r.threadedOnly().isEmpty()) {
            sb.append("**Tests that fail only with threads** (").append(r.threadedOnly().size()).append(")\n\n");
            int shown = 0;
            for (ThreadedFailure t : r.threadedOnly()) {
                if (shown++ == 20) { sb.append("- … ").append(r.threadedOnly().size() - 20).append(" more in the HTML report\n"); break; }
                sb.append("- ").append(t.variant()).append(": `").append(t.test()).append("`")
                        .append(t.alsoUnderGil() ? " (fails threaded under the GIL too: the test itself is not thread-safe)" : "")
                        .append(" — ").append(esc(first(t.message()))).append(links(t.links(), r.findings())).append('\n');
            }
            sb.append('\n');
        }
        for (var w : r.workloads()) {
            sb.append("- workload `").append(name(w.workload())).append("` on ").append(w.variant()).append(' ').append(w.interpreter())
                    .append(": ").append(w.passed()).append('/').append(w.repetitions()).append(" passed ").append(w.byOutcome())
                    .append(w.firstFailure() == null ? "" : " — " + esc(first(w.firstFailure()))).append(links(w.links(), r.findings())).append('\n');
        }
        if (!r.workloads().isEmpty()) sb.append('\n');
        if (!r.races().isEmpty()) {
            sb.append("**Data races (ThreadSanitizer)**\n\n| race | variant | found by | where | variable | linked finding |\n|---|---|---|---|---|---|\n");
            for (Race x : r.races()) {
                sb.append("| ").append(x.id()).append(" | ").append(x.variant()).append(" | ").append(x.source()).append(" | `")
                        .append(x.location()).append("` in ").append(x.function()).append("() | ")
                        .append(x.variable() == null ? "" : "`" + x.variable() + "`").append(" | ")
                        .append(x.missed() ? "**missed by the scan**" : linkList(x.links())).append(" |\n");
            }
            sb.append('\n');
        }
        String tsan = r.steps().stream().filter(s -> s.name().equals("ThreadSanitizer")).map(CheckReport.Step::status)
                .findFirst().orElse("skipped");
        if (tsan.startsWith("skipped")) sb.append("ThreadSanitizer: ").append(esc(tsan)).append(".\n\n");
        else sb.append("Races under ThreadSanitizer: ").append(r.races().size()).append(", missed by the scan: ")
                .append(v.missedByScan()).append(".\n\n");
        if (r.performance() != null) perf(sb, r.performance());
        return sb.toString();
    }

    private static void perf(StringBuilder sb, CheckReport.Performance p) {
        sb.append("**Single-thread cost of the patch** (calls/s, median [min–max] of ").append(p.singleThread().isEmpty() ? 0
                : p.singleThread().get(0).original().runs()).append(" runs; workload: ").append(esc(name(p.workload()))).append(")\n\n");
        sb.append("| interpreter | original | patched | cost |\n|---|---:|---:|---:|\n");
        for (Cost c : p.singleThread()) {
            sb.append("| ").append(c.interpreter()).append(" | ").append(m(c.original())).append(" | ")
                    .append(c.patched() == null ? "—" : m(c.patched())).append(" | ")
                    .append(c.overheadPercent() == null ? "—" : String.format(Locale.ROOT, "%+.1f%%", c.overheadPercent())).append(" |\n");
        }
        sb.append("\n**Scaling** (").append(p.scalingVariant()).append(", calls/s, median [min–max])\n\n");
        sb.append("| threads | ").append(p.freeThreaded()).append(" | speed-up | ").append(p.gil() == null ? "GIL" : p.gil())
                .append(" | speed-up |\n|---:|---:|---:|---:|---:|\n");
        List<ScalingRow> rows = p.scaling();
        for (ScalingRow row : rows) {
            sb.append("| ").append(row.threads()).append(" | ").append(m(row.freeThreaded())).append(" | ")
                    .append(speedup(rows.get(0).freeThreaded(), row.freeThreaded())).append(" | ").append(m(row.gil())).append(" | ")
                    .append(speedup(rows.get(0).gil(), row.gil())).append(" |\n");
        }
        for (String e : p.errors()) sb.append("\n- not measured: ").append(esc(first(e)));
        sb.append('\n');
    }

    static String speedup(Measure base, Measure m) {
        if (base.median() <= 0 || m.median() <= 0) return "—";
        return String.format(Locale.ROOT, "%.2f×", m.median() / base.median());
    }

    static String m(Measure x) {
        if (x == null || x.runs() == 0) return "—";
        return String.format(Locale.ROOT, "%,.0f [%,.0f–%,.0f]", x.median(), x.min(), x.max());
    }

    private static String links(List<Link> links, List<FindingRef> findings) {
        if (links.isEmpty()) return "";
        return " → " + linkList(links);
    }

    private static String linkList(List<Link> links) {
        StringBuilder sb = new StringBuilder();
        for (Link l : links) sb.append(sb.length() == 0 ? "" : ", ").append(l.finding()).append(' ').append(l.ruleId())
                .append(" (").append(l.reason()).append(')');
        return esc(sb.toString());
    }

    static String join(Map<String, Integer> m) {
        StringBuilder sb = new StringBuilder();
        m.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(" ×").append(v));
        return sb.length() == 0 ? "nothing" : sb.toString();
    }

    static String fmt(double s) { return String.format(Locale.ROOT, "%.1f", s); }

    static String name(String path) {
        if (path == null) return "";
        int i = path.lastIndexOf('/');
        return i >= 0 && i < path.length() - 1 ? path.substring(i + 1) : path;
    }

    static String first(String s) {
        if (s == null) return "";
        int n = s.indexOf('\n');
        String l = n < 0 ? s : s.substring(0, n);
        return l.length() > 240 ? l.substring(0, 240) + "…" : l;
    }

    private static String esc(String s) { return s == null ? "" : s.replace("|", "\\|"); }
}
