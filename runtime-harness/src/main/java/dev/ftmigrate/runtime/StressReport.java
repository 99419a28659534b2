package dev.ftmigrate.runtime;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;
import java.util.Map;

/**
 * The result of {@code ftmigrate stress}: JSON schema {@code ftmigrate-stress/1} (field order fixed).
 *
 * @param target       what was built (file or directory)
 * @param module       the import name
 * @param interpreter  the free-threaded interpreter (label, path)
 * @param build        build command and time
 * @param importCheck  the import check (a failed one means no repetition ran)
 * @param config       threads, iterations, repeat, timeout, workload
 * @param repetitions  one per process
 * @param summary      counts per outcome, passed, failed, ok
 * @param scaling      speed-up table when asked for, else null
 */
@JsonPropertyOrder({"schema", "target", "module", "interpreter", "build", "importCheck", "config", "repetitions",
        "summary", "scaling"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StressReport(String schema, String target, String module, Map<String, Object> interpreter,
                           Map<String, Object> build, ImportResult importCheck, Map<String, Object> config,
                           List<Repetition> repetitions, Summary summary, ScalingResult scaling) {
    public static final String SCHEMA = "ftmigrate-stress/1";

    /** Counts per outcome; {@code ok} only when every repetition passed and the import check did. */
    @JsonPropertyOrder({"repetitions", "passed", "failed", "byOutcome", "ok"})
    public record Summary(int repetitions, int passed, int failed, Map<String, Integer> byOutcome, boolean ok) {}

    public StressReport withScaling(ScalingResult s) {
        return new StressReport(schema, target, module, interpreter, build, importCheck, config, repetitions, summary, s);
    }

    public boolean ok() { return summary.ok() && (scaling == null || scaling.error() == null); }
}
