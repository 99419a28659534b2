package dev.ftmigrate.check;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.ftmigrate.runtime.TestRun;

import java.util.List;
import java.util.Map;

/**
 * Everything {@code ftmigrate check} found, in the order it was found (JSON schema {@code ftmigrate-check/1}).
 * Renderers ({@link CheckMarkdown}, {@link CheckHtml}, {@link CheckSarif}, {@link CheckJUnit}) only read it.
 */
@JsonPropertyOrder({"schema", "project", "buildSystem", "findings", "patch", "builds", "imports", "tests",
        "threadedOnly", "workloads", "races", "performance", "steps", "verdict"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CheckReport(String schema, String project, String buildSystem, List<FindingRef> findings, Patch patch,
                          List<Build> builds, List<ImportCheck> imports, List<TestRun> tests,
                          List<ThreadedFailure> threadedOnly, List<Workload> workloads, List<Race> races,
                          Performance performance, List<Step> steps, Verdict verdict) {
    public static final String SCHEMA = "ftmigrate-check/1";

    /** A static finding, numbered {@code F1..} for links; {@code excerpt} is the source around it. */
    @JsonPropertyOrder({"id", "ruleId", "level", "path", "line", "function", "subject", "message", "fix", "entryPoints", "excerpt"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FindingRef(String id, String ruleId, String level, String path, int line, String function,
                             String subject, String message, String fix, List<String> entryPoints, Excerpt excerpt) {}

    /** Source lines {@code firstLine..} of a file, the finding's line marked. */
    public record Excerpt(int firstLine, List<String> lines) {}

    /** {@code applied}: fix counts by rule; {@code diff}: the combined unified diff. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Patch(boolean unsafeFixes, Map<String, Integer> applied, Map<String, Integer> reviewOnly,
                        Map<String, Integer> advice, String diff) {}

    /** {@code variant} is original or patched. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Build(String variant, String interpreter, boolean ok, double seconds, String message) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ImportCheck(String variant, String interpreter, String outcome, String message) {}

    /** A test that passed plainly but failed with N threads; {@code alsoUnderGil}: it fails threaded under the GIL too. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ThreadedFailure(String variant, String test, String message, boolean alsoUnderGil,
                                  List<Link> links) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Workload(String variant, String interpreter, String workload, int repetitions, int passed,
                           Map<String, Integer> byOutcome, String firstFailure, List<Link> links) {}

    /** A race TSan found in the extension, numbered {@code R1..}; no links means the scan missed it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Race(String id, String variant, String source, String kind, String location, String function,
                       String variable, List<String> accesses, List<Link> links) {
        public boolean missed() { return links.isEmpty(); }
    }

    /** A runtime result tied to a finding, and why. */
    public record Link(String finding, String ruleId, String reason) {}

    /** Medians of repeated measurements, with their spread (min, max); -1 where not measured. */
    public record Measure(double median, double min, double max, int runs) {}

    /** Calls per second on one thread, original vs patched, and the patch's cost in percent. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Cost(String interpreter, Measure original, Measure patched, Double overheadPercent) {}

    /** Throughput at a thread count on the free-threaded and the GIL interpreter (calls per second). */
    public record ScalingRow(int threads, Measure freeThreaded, Measure gil) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Performance(String workload, int iterations, List<Cost> singleThread, String scalingVariant,
                              String freeThreaded, String gil, List<ScalingRow> scaling, List<String> errors) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Step(String name, double seconds, String status) {}

    /** {@code exitCode}: 0 clean, 1 problems at run time on the checked variant. */
    public record Verdict(boolean ok, int exitCode, String variant, List<String> problems, int missedByScan) {}
}
