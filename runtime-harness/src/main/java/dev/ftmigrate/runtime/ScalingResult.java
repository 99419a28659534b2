package dev.ftmigrate.runtime;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * Throughput of the workload at 1..N threads on the free-threaded and the GIL interpreter.
 *
 * @param iterations calls per thread at each point
 * @param rows       one per thread count
 * @param error      why a side could not be measured, else null
 */
@JsonPropertyOrder({"iterations", "rows", "error"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScalingResult(int iterations, String freeThreaded, String gil, List<Row> rows, String error) {
    /** Calls per second and speed-up over one thread, per interpreter; -1 where not measured. */
    @JsonPropertyOrder({"threads", "ftCallsPerSecond", "ftSpeedup", "gilCallsPerSecond", "gilSpeedup"})
    public record Row(int threads, double ftCallsPerSecond, double ftSpeedup, double gilCallsPerSecond,
                      double gilSpeedup) {}
}
