package dev.ftmigrate.runtime;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * One run of a project's pytest suite on one build.
 *
 * @param label       e.g. {@code original 3.13.5t x4}
 * @param interpreter interpreter label
 * @param threads     threads per test body (1 = the plain suite)
 * @param runner      {@code ftmigrate} (our plugin) or {@code pytest-run-parallel}
 * @param status      {@code completed} (pytest reported), {@code crash}, {@code timeout} or {@code error}
 * @param message     why the run did not complete, else null
 * @param seconds     wall time
 * @param cases       every test case pytest reported, in its order
 * @param races       ThreadSanitizer reports (TSan runs only)
 */
@JsonPropertyOrder({"label", "interpreter", "threads", "runner", "status", "message", "seconds", "passed", "failed",
        "skipped", "cases", "races"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TestRun(String label, String interpreter, int threads, String runner, String status, String message,
                      double seconds, List<Case> cases, List<TsanReport> races) {

    /** One test case: {@code outcome} is passed, failed, error or skipped; {@code message} the failure's first line. */
    @JsonPropertyOrder({"id", "outcome", "seconds", "message"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Case(String id, String outcome, double seconds, String message, @com.fasterxml.jackson.annotation.JsonIgnore String detail) {
        public boolean failed() { return outcome.equals("failed") || outcome.equals("error"); }
    }

    @com.fasterxml.jackson.annotation.JsonProperty("passed")
    public long passed() { return cases.stream().filter(c -> c.outcome().equals("passed")).count(); }

    @com.fasterxml.jackson.annotation.JsonProperty("failed")
    public long failed() { return cases.stream().filter(Case::failed).count(); }

    @com.fasterxml.jackson.annotation.JsonProperty("skipped")
    public long skipped() { return cases.stream().filter(c -> c.outcome().equals("skipped")).count(); }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean completed() { return status.equals("completed"); }
}
