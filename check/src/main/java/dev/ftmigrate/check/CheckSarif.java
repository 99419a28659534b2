package dev.ftmigrate.check;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ftmigrate.check.CheckReport.FindingRef;
import dev.ftmigrate.check.CheckReport.Link;
import dev.ftmigrate.check.CheckReport.Race;
import dev.ftmigrate.check.CheckReport.ThreadedFailure;

import java.io.IOException;
import java.util.List;

/**
 * The scan's SARIF (paths relative to {@code %SRCROOT%}, whose {@code uri} is the project) with the run-time
 * evidence added as results of two more rules: {@code FTR001} a ThreadSanitizer data race in the extension, and
 * {@code FTR002} a test that fails only with threads. Each says which finding it proves, or that the scan missed it.
 */
public final class CheckSarif {
    public static final String RACE_RULE = "FTR001";
    public static final String THREADED_RULE = "FTR002";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private CheckSarif() {}

    /** @param scanSarif the scan rendered by SarifReport with the project as srcRoot */
    public static String render(String scanSarif, CheckReport r) throws IOException {
        ObjectNode root = (ObjectNode) MAPPER.readTree(scanSarif);
        ObjectNode run = (ObjectNode) root.path("runs").get(0);
        ArrayNode rules = (ArrayNode) run.path("tool").path("driver").path("rules");
        int raceIndex = rules.size();
        rules.add(rule(RACE_RULE, "runtime-data-race", "ThreadSanitizer reported a data race in the extension under threads"));
        rules.add(rule(THREADED_RULE, "threaded-only-test-failure", "A test of the project passes alone and fails when its body runs in several threads at once"));
        ArrayNode results = (ArrayNode) run.path("results");
        for (Race x : r.races()) {
            ObjectNode res = result(RACE_RULE, raceIndex, "error", x.kind() + " in " + x.function() + "() on the " + x.variant()
                    + " build" + (x.variable() == null ? "" : " (" + x.variable() + ")") + ", found by " + x.source() + "; "
                    + linked(x.links()));
            String file = x.location().substring(0, x.location().lastIndexOf(':'));
            int line = Integer.parseInt(x.location().substring(x.location().lastIndexOf(':') + 1));
            ObjectNode pl = res.putArray("locations").addObject().putObject("physicalLocation");
            ObjectNode art = pl.putObject("artifactLocation");
            art.put("uri", pathOf(file, r.findings()));
            art.put("uriBaseId", "%SRCROOT%");
            pl.putObject("region").put("startLine", line);
            res.putObject("properties").put("missedByScan", x.missed());
            results.add(res);
        }
        for (ThreadedFailure t : r.threadedOnly()) {
            if (t.alsoUnderGil()) continue;
            ObjectNode res = result(THREADED_RULE, raceIndex + 1, "warning", "test " + t.test() + " fails only with threads on the "
                    + t.variant() + " build: " + CheckMarkdown.first(t.message()) + "; " + linked(t.links()));
            if (!t.links().isEmpty()) {
                FindingRef f = r.findings().stream().filter(x -> x.id().equals(t.links().get(0).finding())).findFirst().orElseThrow();
                ObjectNode pl = res.putArray("locations").addObject().putObject("physicalLocation");
                pl.putObject("artifactLocation").put("uri", f.path()).put("uriBaseId", "%SRCROOT%");
                pl.putObject("region").put("startLine", f.line());
            }
            results.add(res);
        }
        return MAPPER.writeValueAsString(root) + "\n";
    }

    private static String linked(List<Link> links) {
        if (links.isEmpty()) return "no static finding covers it (missed by the scan)";
        StringBuilder sb = new StringBuilder("proves ");
        for (Link l : links) sb.append(sb.length() == 7 ? "" : ", ").append(l.ruleId()).append(" (").append(l.reason()).append(')');
        return sb.toString();
    }

    /** The project path of a file TSan names by its base name (the first finding's path with that name). */
    private static String pathOf(String file, List<FindingRef> findings) {
        for (FindingRef f : findings) if (f.path().equals(file) || f.path().endsWith("/" + file)) return f.path();
        return file;
    }

    private static ObjectNode rule(String id, String name, String text) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("id", id);
        o.put("name", name);
        o.putObject("shortDescription").put("text", text);
        o.putObject("defaultConfiguration").put("level", id.equals(RACE_RULE) ? "error" : "warning");
        o.putObject("properties").putArray("tags").add("free-threading").add("runtime");
        return o;
    }

    private static ObjectNode result(String rule, int index, String level, String msg) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("ruleId", rule);
        o.put("ruleIndex", index);
        o.put("level", level);
        o.putObject("message").put("text", msg);
        return o;
    }
}
