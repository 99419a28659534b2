package dev.ftmigrate.reports;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ftmigrate.rules.FileStatus;
import dev.ftmigrate.rules.Finding;
import dev.ftmigrate.rules.Fix;
import dev.ftmigrate.rules.Level;
import dev.ftmigrate.rules.Location;
import dev.ftmigrate.rules.RuleDescriptor;
import dev.ftmigrate.rules.ScanResult;
import dev.ftmigrate.rules.TextEdit;

import java.util.List;

/**
 * ftmigrate's own JSON ({@code "schema": "ftmigrate-report/2"}), documented field by field in
 * reports/JSON-SCHEMA.md. Every key is always present (null when empty) so consumers need no guards;
 * new keys may be added within /2, nothing is renamed or removed without bumping the version.
 */
public final class JsonReport {
    public static final String SCHEMA = "ftmigrate-report/2";

    private JsonReport() {}

    public static String render(ScanResult result, ReportOptions options) {
        return Json.write(tree(result, options));
    }

    /** {@link #render} as UTF-8 bytes, written to {@code out} as they are made. */
    static void write(ScanResult result, ReportOptions options, java.io.OutputStream out) throws java.io.IOException {
        Json.write(tree(result, options), out);
    }

    private static ObjectNode tree(ScanResult result, ReportOptions options) {
        Summary s = Summary.of(result);
        ObjectNode root = Json.object();
        root.put("schema", SCHEMA);
        ObjectNode tool = root.putObject("tool");
        tool.put("name", "ftmigrate");
        tool.put("version", options.toolVersion());
        root.set("summary", summary(s));
        List<Finding> sorted = Summary.sortedFindings(result);
        List<String> prints = Fingerprints.of(sorted);
        List<String> editsWith = SharedFixes.editsWith(sorted, prints);
        // Each finding is made as it is written: the report is never whole in memory.
        root.set("findings", new Json.Streamed(sorted.size(), i -> finding(sorted.get(i), prints.get(i), editsWith.get(i))));
        ArrayNode files = root.putArray("files");
        for (FileStatus f : s.files()) {
            ObjectNode o = files.addObject();
            o.put("path", f.relPath());
            o.put("lines", f.lines());
            o.put("problems", f.problems());
            Json.putNullable(o, "warning", f.warning());
            o.put("clean", f.clean());
        }
        ArrayNode rules = root.putArray("rules");
        for (RuleDescriptor d : s.rules().values()) rules.add(rule(d));
        return root;
    }

    private static ObjectNode summary(Summary s) {
        ObjectNode o = Json.object();
        o.put("findings", s.total());
        ObjectNode byLevel = o.putObject("byLevel");
        for (Level l : Level.values()) byLevel.put(l.sarif(), s.byLevel().get(l));
        ObjectNode byRule = o.putObject("byRule");
        s.byRule().forEach(byRule::put);
        o.put("filesScanned", s.files().size());
        o.put("filesWithProblems", s.problemFiles().size());
        o.put("suppressed", s.suppressed());
        o.put("baselined", s.baselined());
        return o;
    }

    private static ObjectNode finding(Finding f, String fingerprint, String editsWith) {
        ObjectNode o = Json.object();
        o.put("ruleId", f.ruleId());
        o.put("level", f.level().sarif());
        o.put("confidence", f.confidence().label());
        o.put("message", f.message());
        Json.putNullable(o, "subject", f.subject());
        Json.putNullable(o, "function", f.function());
        o.set("location", location(f.location()));
        Json.putNullable(o, "snippet", f.snippet());
        o.put("fingerprint", fingerprint);
        ArrayNode ev = o.putArray("evidence");
        for (Location l : f.evidence()) ev.add(location(l));
        if (f.fix().isPresent()) o.set("fix", fix(f.fix().get(), editsWith)); else o.putNull("fix");
        return o;
    }

    private static ObjectNode location(Location l) {
        ObjectNode o = Json.object();
        o.put("path", l.relPath());
        o.put("startOffset", l.startOffset());
        o.put("endOffset", l.endOffset());
        o.put("startLine", l.startLine());
        o.put("startColumn", l.startColumn());
        o.put("endLine", l.endLine());
        o.put("endColumn", l.endColumn());
        Json.putNullable(o, "message", l.message());
        return o;
    }

    /** @param editsWith the fingerprint of the finding that carries this fix's edits (null: this one does) */
    private static ObjectNode fix(Fix x, String editsWith) {
        ObjectNode o = Json.object();
        o.put("description", x.description());
        o.put("safety", x.safety().label());
        ArrayNode edits = o.putArray("edits");
        Json.putNullable(o, "editsWith", editsWith);
        for (TextEdit e : editsWith != null ? List.<TextEdit>of() : x.edits()) {
            ObjectNode eo = edits.addObject();
            eo.put("path", e.relPath());
            eo.put("offset", e.offset());
            eo.put("length", e.length());
            eo.put("replacement", e.replacement());
        }
        return o;
    }

    private static ObjectNode rule(RuleDescriptor d) {
        ObjectNode o = Json.object();
        o.put("id", d.id());
        Json.putNullable(o, "name", d.name());
        Json.putNullable(o, "summary", d.summary());
        Json.putNullable(o, "category", d.category());
        Json.putNullable(o, "level", d.level() == null ? null : d.level().sarif());
        Json.putNullable(o, "fixSafety", d.fixSafety() == null ? null : d.fixSafety().label());
        Json.putNullable(o, "sinceCPython", d.sinceCPython());
        return o;
    }
}
