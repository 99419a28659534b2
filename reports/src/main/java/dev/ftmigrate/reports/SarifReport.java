package dev.ftmigrate.reports;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ftmigrate.rules.FileStatus;
import dev.ftmigrate.rules.Finding;
import dev.ftmigrate.rules.Fix;
import dev.ftmigrate.rules.Location;
import dev.ftmigrate.rules.RuleDescriptor;
import dev.ftmigrate.rules.ScanResult;
import dev.ftmigrate.rules.TextEdit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * SARIF 2.1.0, one run. Deterministic: keys in a fixed order, rules/artifacts sorted, no timestamps,
 * paths relative to {@code %SRCROOT%} (absolute only when the caller passes a srcRoot).
 */
public final class SarifReport {
    public static final String SCHEMA =
            "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
    public static final String SRCROOT = "%SRCROOT%";
    static final String PARSE_NOTIFICATION = "parse-problems";

    private final ScanResult result;
    private final ReportOptions options;
    private final Summary summary;
    private final Map<String, Integer> ruleIndex = new LinkedHashMap<>();
    private final Map<String, Integer> artifactIndex = new LinkedHashMap<>();

    private SarifReport(ScanResult result, ReportOptions options) {
        this.result = result;
        this.options = options;
        this.summary = Summary.of(result);
    }

    public static String render(ScanResult result, ReportOptions options) {
        return Json.write(new SarifReport(result, options).build());
    }

    /** {@link #render} as UTF-8 bytes, written to {@code out} as they are made. */
    static void write(ScanResult result, ReportOptions options, java.io.OutputStream out) throws java.io.IOException {
        Json.write(new SarifReport(result, options).build(), out);
    }

    private ObjectNode build() {
        ObjectNode root = Json.object();
        root.put("$schema", SCHEMA);
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        run.set("tool", tool());
        List<Finding> findings = Summary.sortedFindings(result);
        collectArtifacts(findings);
        run.set("invocations", invocations());
        run.set("originalUriBaseIds", originalUriBaseIds());
        run.set("artifacts", artifacts());
        List<String> prints = Fingerprints.of(findings);
        List<String> editsWith = SharedFixes.editsWith(findings, prints);
        // Each result is made as it is written: the report is never whole in memory.
        run.set("results", new Json.Streamed(findings.size(), i -> result(findings.get(i), prints.get(i), editsWith.get(i))));
        run.put("columnKind", "utf16CodeUnits");
        ObjectNode props = run.putObject("properties");
        props.put("suppressed", result.suppressed());
        props.put("baselined", result.baselined());
        return root;
    }

    private ObjectNode tool() {
        ObjectNode driver = Json.object();
        driver.put("name", "ftmigrate");
        driver.put("version", options.toolVersion());
        driver.put("informationUri", options.informationUri());
        ObjectNode note = driver.putArray("notifications").addObject();
        note.put("id", PARSE_NOTIFICATION);
        note.put("name", "ParseProblems");
        text(note, "shortDescription", "A file could not be parsed or read completely; findings in it may be incomplete.");
        note.putObject("defaultConfiguration").put("level", "warning");
        ArrayNode rules = driver.putArray("rules");
        for (RuleDescriptor d : summary.rules().values()) {
            ruleIndex.put(d.id(), ruleIndex.size());
            rules.add(rule(d));
        }
        ObjectNode tool = Json.object();
        tool.set("driver", driver);
        return tool;
    }

    private static ObjectNode rule(RuleDescriptor d) {
        ObjectNode r = Json.object();
        r.put("id", d.id());
        Json.putIfPresent(r, "name", d.name());
        text(r, "shortDescription", d.summary());
        text(r, "fullDescription", d.rationale());
        ObjectNode help = r.putObject("help");
        help.put("text", helpText(d));
        help.put("markdown", helpMarkdown(d));
        if (d.level() != null) r.putObject("defaultConfiguration").put("level", d.level().sarif());
        ObjectNode p = r.putObject("properties");
        Json.putIfPresent(p, "category", d.category());
        if (d.fixSafety() != null) p.put("fixSafety", d.fixSafety().label());
        Json.putIfPresent(p, "sinceCPython", d.sinceCPython());
        ArrayNode tags = p.putArray("tags");
        // RuleDescriptor has no tags of its own: derive them from the category.
        tags.add("free-threading");
        if (d.category() != null && !d.category().isBlank()) tags.add(d.category());
        return r;
    }

    static String helpText(RuleDescriptor d) {
        StringBuilder sb = new StringBuilder(nz(d.fixHint()));
        if (notBlank(d.example())) sb.append("\n\nExample:\n").append(d.example());
        if (notBlank(d.fixedExample())) sb.append("\n\nFixed:\n").append(d.fixedExample());
        return sb.toString().strip();
    }

    static String helpMarkdown(RuleDescriptor d) {
        StringBuilder sb = new StringBuilder();
        if (notBlank(d.fixHint())) sb.append(d.fixHint()).append("\n\n");
        if (d.fixSafety() != null) sb.append("Fix safety: **").append(d.fixSafety().label()).append("**");
        if (notBlank(d.sinceCPython())) sb.append(" (recommended API since CPython ").append(d.sinceCPython()).append(")");
        sb.append("\n\n");
        if (notBlank(d.example())) sb.append("Example:\n\n```c\n").append(d.example().strip()).append("\n```\n\n");
        if (notBlank(d.fixedExample())) sb.append("Fixed:\n\n```c\n").append(d.fixedExample().strip()).append("\n```\n");
        return sb.toString().strip();
    }

    private void collectArtifacts(List<Finding> findings) {
        TreeSet<String> paths = new TreeSet<>();
        for (FileStatus f : result.files()) paths.add(f.relPath());
        // Each distinct fix once: a group's fix serves every finding of the group.
        dev.ftmigrate.rules.DistinctFixes fixes = new dev.ftmigrate.rules.DistinctFixes();
        for (Finding f : findings) {
            paths.add(f.location().relPath());
            for (Location e : f.evidence()) paths.add(e.relPath());
            f.fix().ifPresent(fixes::indexOf);
        }
        for (Fix x : fixes.fixes()) for (TextEdit e : x.edits()) paths.add(e.relPath());
        for (String p : paths) artifactIndex.put(p, artifactIndex.size());
    }

    private ArrayNode artifacts() {
        ArrayNode a = Json.array();
        Map<String, FileStatus> status = new LinkedHashMap<>();
        for (FileStatus f : result.files()) status.put(f.relPath(), f);
        for (String p : artifactIndex.keySet()) {
            ObjectNode art = a.addObject();
            art.set("location", artifactLocation(p));
            art.put("sourceLanguage", "c");
            FileStatus fs = status.get(p);
            if (fs != null) {
                ObjectNode props = art.putObject("properties");
                props.put("lines", fs.lines());
                props.put("problems", fs.problems());
                Json.putIfPresent(props, "warning", fs.warning());
            }
        }
        return a;
    }

    private ArrayNode invocations() {
        ArrayNode invs = Json.array();
        ObjectNode inv = invs.addObject();
        inv.put("executionSuccessful", options.executionSuccessful());
        if (!summary.problemFiles().isEmpty()) {
            ArrayNode notes = inv.putArray("toolExecutionNotifications");
            for (FileStatus f : summary.problemFiles()) {
                ObjectNode n = notes.addObject();
                n.put("level", "warning");
                text(n, "message", f.relPath() + ": " + Summary.describeProblems(f)
                        + "; findings in this file may be incomplete");
                n.putArray("locations").addObject().putObject("physicalLocation")
                        .set("artifactLocation", artifactLocation(f.relPath()));
                ObjectNode desc = n.putObject("descriptor");
                desc.put("id", PARSE_NOTIFICATION);
                desc.put("index", 0);
            }
        }
        return invs;
    }

    private ObjectNode originalUriBaseIds() {
        ObjectNode bases = Json.object();
        ObjectNode src = bases.putObject(SRCROOT);
        if (options.srcRoot() != null) src.put("uri", options.srcRoot().toString());
        else text(src, "description", "The directory that was scanned; every artifact URI is relative to it.");
        return bases;
    }

    /** @param editsWith the fingerprint of the result that carries this one's fix (null: this one does) */
    private ObjectNode result(Finding f, String fingerprint, String editsWith) {
        ObjectNode r = Json.object();
        r.put("ruleId", f.ruleId());
        Integer idx = ruleIndex.get(f.ruleId());
        if (idx != null) r.put("ruleIndex", idx);
        r.put("level", f.level().sarif());
        text(r, "message", f.message());
        ObjectNode loc = r.putArray("locations").addObject();
        loc.set("physicalLocation", physical(f.location(), regionSnippet(f)));
        r.putObject("partialFingerprints").put(Fingerprints.KEY, fingerprint);
        if (!f.evidence().isEmpty()) {
            ArrayNode rel = r.putArray("relatedLocations");
            for (int i = 0; i < f.evidence().size(); i++) {
                Location e = f.evidence().get(i);
                ObjectNode l = rel.addObject();
                l.put("id", i + 1);
                l.set("physicalLocation", physical(e, null));
                text(l, "message", e.message() != null ? e.message() : "evidence");
            }
        }
        if (f.evidence().size() > 1) r.set("codeFlows", codeFlows(f));
        if (editsWith == null) f.fix().filter(x -> !x.edits().isEmpty()).ifPresent(x -> r.putArray("fixes").add(fix(x)));
        ObjectNode p = r.putObject("properties");
        p.put("confidence", f.confidence().label());
        Json.putIfPresent(p, "subject", f.subject());
        Json.putIfPresent(p, "function", f.function());
        f.fix().ifPresent(x -> {
            p.put("fixSafety", x.safety().label());
            Json.putIfPresent(p, "fixDescription", x.description());
            Json.putIfPresent(p, "fixEditsWith", editsWith);
        });
        return r;
    }

    /** The evidence in order, ending at the finding itself: the path from entry point to hazard. */
    private ArrayNode codeFlows(Finding f) {
        ArrayNode flows = Json.array();
        ObjectNode flow = flows.addObject();
        text(flow, "message", "Path from a Python-reachable entry point to the hazard");
        ArrayNode locs = flow.putArray("threadFlows").addObject().putArray("locations");
        for (Location e : f.evidence()) {
            ObjectNode l = locs.addObject().putObject("location");
            l.set("physicalLocation", physical(e, null));
            text(l, "message", e.message() != null ? e.message() : "evidence");
        }
        ObjectNode last = locs.addObject();
        ObjectNode l = last.putObject("location");
        l.set("physicalLocation", physical(f.location(), null));
        text(l, "message", f.message());
        last.put("importance", "essential");
        return flows;
    }

    private ObjectNode fix(Fix x) {
        ObjectNode fix = Json.object();
        text(fix, "description", x.description() + " (" + x.safety().label() + ")");
        ArrayNode changes = fix.putArray("artifactChanges");
        Map<String, List<TextEdit>> byFile = new LinkedHashMap<>();
        x.edits().stream()
                .sorted(java.util.Comparator.comparing(TextEdit::relPath).thenComparingInt(TextEdit::offset))
                .forEach(e -> byFile.computeIfAbsent(e.relPath(), k -> new ArrayList<>()).add(e));
        byFile.forEach((path, edits) -> {
            ObjectNode ch = changes.addObject();
            ch.set("artifactLocation", artifactLocation(path));
            ArrayNode reps = ch.putArray("replacements");
            for (TextEdit e : edits) {
                ObjectNode rep = reps.addObject();
                ObjectNode del = rep.putObject("deletedRegion");
                del.put("charOffset", e.offset());
                del.put("charLength", e.length());
                if (!e.replacement().isEmpty()) rep.putObject("insertedContent").put("text", e.replacement());
            }
        });
        fix.putObject("properties").put("safety", x.safety().label());
        return fix;
    }

    private ObjectNode physical(Location l, String snippet) {
        ObjectNode p = Json.object();
        p.set("artifactLocation", artifactLocation(l.relPath()));
        if (l.startLine() >= 1) {   // file-level findings carry no usable line
            ObjectNode reg = p.putObject("region");
            reg.put("startLine", l.startLine());
            reg.put("startColumn", Math.max(1, l.startColumn()));
            reg.put("endLine", Math.max(l.startLine(), l.endLine()));
            reg.put("endColumn", Math.max(1, l.endColumn()));
            if (snippet != null && !snippet.isEmpty()) reg.putObject("snippet").put("text", snippet);
        }
        return p;
    }

    /** The exact text of the region when the source is known, else the finding's (trimmed) line. */
    private String regionSnippet(Finding f) {
        String src = options.sourceOf(f.location().relPath());
        Location l = f.location();
        if (src != null && l.startOffset() >= 0 && l.endOffset() <= src.length() && l.startOffset() < l.endOffset()) {
            return src.substring(l.startOffset(), l.endOffset());
        }
        return f.snippet();
    }

    private ObjectNode artifactLocation(String relPath) {
        ObjectNode a = Json.object();
        String uri = Uris.relative(relPath);
        a.put("uri", uri);
        if (!Uris.isAbsolute(uri)) a.put("uriBaseId", SRCROOT);
        Integer idx = artifactIndex.get(relPath);
        if (idx != null) a.put("index", idx);
        return a;
    }

    private static void text(ObjectNode o, String key, String text) {
        o.putObject(key).put("text", text == null ? "" : text);
    }

    private static boolean notBlank(String s) { return s != null && !s.isBlank(); }

    private static String nz(String s) { return s == null ? "" : s; }
}
