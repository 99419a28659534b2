package dev.ftmigrate.check;

import dev.ftmigrate.check.CheckReport.FindingRef;
import dev.ftmigrate.check.CheckReport.Link;
import dev.ftmigrate.check.CheckReport.Race;
import dev.ftmigrate.check.CheckReport.ThreadedFailure;
import dev.ftmigrate.runtime.TestRun;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The check as one self-contained HTML page (no script, no external resource): verdict, steps, findings by file with
 * code excerpts, the patch, runtime results, races and threaded-only failures linked both ways to findings, and
 * the scaling plot as inline SVG.
 */
public final class Html {
    private static final String CSS = "body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:16px;color:#222}"
            + "nav a{margin-right:12px}table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:3px 8px;"
            + "text-align:left;vertical-align:top}pre{background:#f6f8fa;padding:8px;overflow-x:auto;font-size:12px}"
            + ".ok{color:#2e7d32}.bad{color:#c62828}.hl{background:#fff3bf;display:block}.finding{border-left:4px solid #1565c0;"
            + "padding:4px 10px;margin:10px 0}.error{border-color:#c62828}.warning{border-color:#ef6c00}.note{border-color:#9e9e9e}"
            + ".missed{background:#ffebee}.ln{color:#999;user-select:none}";

    private Html() {}

    public static String render(CheckReport r) {
        Map<String, List<String>> provedBy = new LinkedHashMap<>(); // finding id -> runtime anchors that link to it
        for (Race x : r.races()) for (Link l : x.links()) provedBy.computeIfAbsent(l.finding(), k -> new ArrayList<>()).add(x.id());
        for (int i = 0; i < r.threadedOnly().size(); i++) {
            for (Link l : r.threadedOnly().get(i).links()) provedBy.computeIfAbsent(l.finding(), k -> new ArrayList<>()).add("T" + (i + 1));
        }
        StringBuilder sb = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>ftmigrate check: ")
                .append(esc(CheckMarkdown.name(r.project()))).append("</title>\n<style>").append(CSS).append("</style></head><body>\n");
        var v = r.verdict();
        sb.append("<h1>ftmigrate check: ").append(esc(CheckMarkdown.name(r.project()))).append("</h1>\n<p id=\"verdict\" class=\"")
                .append(v.ok() ? "ok\">✔ clean" : "bad\">✘ problems").append(" (").append(esc(v.variant())).append(", ")
                .append(esc(r.buildSystem())).append(")</p>\n<ul>");
        for (String p : v.problems()) sb.append("<li>").append(esc(p)).append("</li>");
        sb.append("</ul>\n<nav><a href=\"#steps\">Steps</a><a href=\"#findings\">Findings</a><a href=\"#patch\">Patch</a>"
                + "<a href=\"#runtime\">Runtime</a><a href=\"#races\">Races</a><a href=\"#performance\">Performance</a></nav>\n");
        sb.append("<h2 id=\"steps\">Steps</h2>\n<table><tr><th>step</th><th>wall time</th><th>status</th></tr>");
        for (var s : r.steps()) sb.append(row(s.name(), CheckMarkdown.fmt(s.seconds()) + " s", s.status()));
        sb.append("</table>\n");
        findings(sb, r, provedBy);
        sb.append("<h2 id=\"patch\">Patch</h2>\n");
        if (r.patch() == null) sb.append("<p>Not requested (use <code>--patch</code>).</p>\n");
        else sb.append("<p>Applied: ").append(esc(CheckMarkdown.join(r.patch().applied()))).append("; needs review: ")
                .append(esc(CheckMarkdown.join(r.patch().reviewOnly()))).append("</p>\n<pre id=\"patch-diff\">")
                .append(esc(r.patch().diff())).append("</pre>\n");
        runtime(sb, r);
        races(sb, r);
        sb.append("<h2 id=\"performance\">Performance</h2>\n");
        if (r.performance() == null) sb.append("<p>Not measured (<code>--no-perf</code>).</p>\n");
        else sb.append(perfTables(r.performance())).append(ScalingSvg.render(r.performance()));
        return sb.append("</body></html>\n").toString();
    }

    private static void findings(StringBuilder sb, CheckReport r, Map<String, List<String>> provedBy) {
        sb.append("<h2 id=\"findings\">Findings (").append(r.findings().size()).append(")</h2>\n");
        Map<String, List<FindingRef>> byFile = new LinkedHashMap<>();
        for (FindingRef f : r.findings()) byFile.computeIfAbsent(f.path(), k -> new ArrayList<>()).add(f);
        for (var e : byFile.entrySet()) {
            sb.append("<h3>").append(esc(e.getKey())).append("</h3>\n");
            for (FindingRef f : e.getValue()) {
                sb.append("<div class=\"finding ").append(f.level()).append("\" id=\"").append(f.id()).append("\"><b>").append(f.id())
                        .append(' ').append(f.ruleId()).append("</b> ").append(f.level()).append(" at line ").append(f.line())
                        .append(f.function() == null ? "" : " in <code>" + esc(f.function()) + "()</code>").append("<br>")
                        .append(esc(f.message()));
                if (f.fix() != null) sb.append("<br><i>fix (").append(esc(f.fix())).append(")</i>");
                List<String> proofs = provedBy.get(f.id());
                if (proofs != null) {
                    sb.append("<br>proved at run time by ");
                    for (String p : proofs) sb.append("<a href=\"#").append(p).append("\">").append(p).append("</a> ");
                }
                if (f.excerpt() != null) {
                    sb.append("<pre>");
                    int n = f.excerpt().firstLine();
                    for (String line : f.excerpt().lines()) {
                        sb.append(n == f.line() ? "<span class=\"hl\">" : "").append("<span class=\"ln\">")
                                .append(String.format(Locale.ROOT, "%5d ", n)).append("</span>").append(esc(line))
                                .append(n == f.line() ? "</span>" : "\n");
                        n++;
                    }
                    sb.append("</pre>");
                }
                sb.append("</div>\n");
            }
        }
    }

    private static void runtime(StringBuilder sb, CheckReport r) {
        sb.append("<h2 id=\"runtime\">Runtime</h2>\n<table><tr><th>build</th><th>interpreter</th><th>result</th></tr>");
        for (var b : r.builds()) sb.append(row(b.variant(), b.interpreter(), b.ok() ? "ok (" + CheckMarkdown.fmt(b.seconds()) + " s)" : "failed: " + b.message()));
        for (var i : r.imports()) sb.append(row(i.variant() + " import", i.interpreter(), i.outcome() + (i.message() == null ? "" : ": " + i.message())));
        sb.append("</table>\n<table><tr><th>test run</th><th>threads</th><th>runner</th><th>status</th><th>passed</th><th>failed</th><th>skipped</th><th>time</th></tr>");
        for (TestRun t : r.tests()) {
            sb.append(row(t.label(), Integer.toString(t.threads()), t.runner(), t.status() + (t.message() == null ? "" : ": " + CheckMarkdown.first(t.message())),
                    Long.toString(t.passed()), Long.toString(t.failed()), Long.toString(t.skipped()), CheckMarkdown.fmt(t.seconds()) + " s"));
        }
        sb.append("</table>\n<h3>Tests that fail only with threads (").append(r.threadedOnly().size()).append(")</h3>\n<table><tr><th>#</th><th>variant</th><th>test</th><th>failure</th><th>linked finding</th></tr>");
        for (int i = 0; i < r.threadedOnly().size(); i++) {
            ThreadedFailure t = r.threadedOnly().get(i);
            sb.append("<tr id=\"T").append(i + 1).append("\"><td>T").append(i + 1).append("</td><td>").append(esc(t.variant())).append("</td><td><code>")
                    .append(esc(t.test())).append("</code>").append(t.alsoUnderGil() ? " (fails threaded under the GIL too)" : "")
                    .append("</td><td>").append(esc(CheckMarkdown.first(t.message()))).append("</td><td>").append(links(t.links())).append("</td></tr>");
        }
        sb.append("</table>\n<h3>Workloads</h3>\n<table><tr><th>workload</th><th>variant</th><th>passed</th><th>outcomes</th><th>first failure</th><th>linked finding</th></tr>");
        for (var w : r.workloads()) {
            sb.append("<tr><td>").append(esc(CheckMarkdown.name(w.workload()))).append("</td><td>").append(esc(w.variant() + " " + w.interpreter()))
                    .append("</td><td>").append(w.passed()).append('/').append(w.repetitions()).append("</td><td>").append(esc(w.byOutcome().toString()))
                    .append("</td><td>").append(esc(CheckMarkdown.first(w.firstFailure()))).append("</td><td>").append(links(w.links())).append("</td></tr>");
        }
        sb.append("</table>\n");
    }

    private static void races(StringBuilder sb, CheckReport r) {
        sb.append("<h2 id=\"races\">Races (ThreadSanitizer)</h2>\n<p>").append(r.verdict().missedByScan())
                .append(" race(s) missed by the scan.</p>\n<table><tr><th>race</th><th>variant</th><th>found by</th><th>where</th><th>variable</th><th>accesses</th><th>linked finding</th></tr>");
        for (Race x : r.races()) {
            sb.append("<tr id=\"").append(x.id()).append("\"").append(x.missed() ? " class=\"missed\"" : "").append("><td>").append(x.id())
                    .append("</td><td>").append(esc(x.variant())).append("</td><td>").append(esc(x.source())).append("</td><td><code>")
                    .append(esc(x.location())).append("</code> in ").append(esc(x.function())).append("()</td><td>").append(esc(x.variable() == null ? "" : x.variable()))
                    .append("</td><td>").append(esc(String.join("; ", x.accesses()))).append("</td><td>")
                    .append(x.missed() ? "<b>missed by the scan</b>" : links(x.links())).append("</td></tr>");
        }
        sb.append("</table>\n");
    }

    private static String perfTables(CheckReport.Performance p) {
        StringBuilder sb = new StringBuilder("<p>Workload: ").append(esc(p.workload())).append("; calls/s, median [min–max].</p>\n");
        sb.append("<table><tr><th>interpreter (1 thread)</th><th>original</th><th>patched</th><th>cost</th></tr>");
        for (var c : p.singleThread()) {
            sb.append(row(c.interpreter(), CheckMarkdown.m(c.original()), c.patched() == null ? "—" : CheckMarkdown.m(c.patched()),
                    c.overheadPercent() == null ? "—" : String.format(Locale.ROOT, "%+.1f%%", c.overheadPercent())));
        }
        sb.append("</table>\n<table><tr><th>threads</th><th>").append(esc(p.freeThreaded())).append("</th><th>speed-up</th><th>")
                .append(esc(p.gil() == null ? "GIL" : p.gil())).append("</th><th>speed-up</th></tr>");
        var rows = p.scaling();
        for (var x : rows) {
            sb.append(row(Integer.toString(x.threads()), CheckMarkdown.m(x.freeThreaded()), CheckMarkdown.speedup(rows.get(0).freeThreaded(), x.freeThreaded()),
                    CheckMarkdown.m(x.gil()), CheckMarkdown.speedup(rows.get(0).gil(), x.gil())));
        }
        sb.append("</table>\n");
        for (String e : p.errors()) sb.append("<p class=\"bad\">not measured: ").append(esc(e)).append("</p>\n");
        return sb.toString();
    }

    private static String links(List<Link> links) {
        StringBuilder sb = new StringBuilder();
        for (Link l : links) {
            sb.append("<a href=\"#").append(l.finding()).append("\">").append(l.finding()).append(' ').append(l.ruleId()).append("</a> (")
                    .append(esc(l.reason())).append(")<br>");
        }
        return sb.toString();
    }

    private static String row(String... cells) {
        StringBuilder sb = new StringBuilder("<tr>");
        for (String c : cells) sb.append("<td>").append(esc(c)).append("</td>");
        return sb.append("</tr>").toString();
    }

    static String esc(String s) {
        if (s == null) return "";
        // XML 1.0 (the JUnit report) forbids most control characters; pytest output carries ANSI escapes.
        return s.replaceAll("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f]", "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
