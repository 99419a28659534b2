package dev.ftmigrate.runtime;

import java.nio.file.Path;

/**
 * How to stress one module.
 *
 * @param workload       the workload file, or null for the smoke workload
 * @param threads        threads released together by a barrier
 * @param iterations     calls of {@code run} per thread
 * @param repeat         repetitions, one process each
 * @param timeoutSeconds per repetition; the process group is killed after it
 * @param forceGilOff    run with {@code PYTHON_GIL=0} (shows races a re-enabled GIL would hide)
 * @param memoryBytes    resident memory a repetition (with its child processes) may use, 0 for no limit
 */
public record StressOptions(Path workload, int threads, int iterations, int repeat, double timeoutSeconds,
                            boolean forceGilOff, long memoryBytes) {
    public StressOptions(Path workload, int threads, int iterations, int repeat, double timeoutSeconds, boolean forceGilOff) {
        this(workload, threads, iterations, repeat, timeoutSeconds, forceGilOff, 0);
    }

    public StressOptions {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1");
        if (iterations < 1) throw new IllegalArgumentException("iterations must be at least 1");
        if (repeat < 1) throw new IllegalArgumentException("repeat must be at least 1");
        if (!(timeoutSeconds > 0)) throw new IllegalArgumentException("timeout must be positive");
        if (memoryBytes < 0) throw new IllegalArgumentException("memory limit must be positive");
    }

    public static StressOptions defaults(Path workload) {
        return new StressOptions(workload, 8, 1000, 10, 60, false);
    }
}
