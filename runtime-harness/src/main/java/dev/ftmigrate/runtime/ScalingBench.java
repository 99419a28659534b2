package dev.ftmigrate.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Throughput of a workload at 1, 2, ... N threads (best of 3 rounds each, verify skipped), measured in one process
 * per interpreter, on the free-threaded and on the GIL interpreter.
 */
public final class ScalingBench {
    private final Progress progress;

    public ScalingBench(Progress progress) { this.progress = progress; }

    /** Calls per second per thread count; throws when the run fails. */
    public Map<Integer, Double> measure(BuiltExtension ext, Interpreter py, Path workload, int maxThreads,
                                        int iterations, double timeoutSeconds) throws IOException {
        return measure(ext, py, workload, maxThreads, iterations, timeoutSeconds, false);
    }

    /** @param forceGilOff run with {@code PYTHON_GIL=0}: time a module that re-enables the GIL as it would run without */
    public Map<Integer, Double> measure(BuiltExtension ext, Interpreter py, Path workload, int maxThreads,
                                        int iterations, double timeoutSeconds, boolean forceGilOff) throws IOException {
        Path work = TempDirs.create("bench");
        try {
            Path result = work.resolve("result.json");
            String counts = IntStream.rangeClosed(1, maxThreads).mapToObj(Integer::toString).collect(Collectors.joining(","));
            List<String> cmd = new ArrayList<>(List.of(py.executable().toString(), "-X", "faulthandler",
                    DriverScript.path().toString(), "--mode", "bench", "--path", ext.importDir().toString(),
                    "--module", ext.module(), "--iterations", Integer.toString(iterations),
                    "--bench-threads", counts, "--result", result.toString()));
            if (workload != null) cmd.addAll(List.of("--workload", workload.toAbsolutePath().toString()));
            progress.step("scaling on " + py.label() + ": threads " + counts);
            Map<String, String> env = StressRunner.environment(py);
            if (forceGilOff && py.freeThreaded()) env.put("PYTHON_GIL", "0");
            Exec.Result r = Exec.isolated(cmd, work, env, timeoutSeconds, 0,
                    work.resolve("out.txt"), work.resolve("err.txt"));
            if (!Files.exists(result)) {
                throw new HarnessException("scaling run on " + py.label() + " failed: "
                        + (r.timedOut() ? "timed out" : ExtensionBuilder.tail(r.stderr(), 10)));
            }
            JsonNode n = new ObjectMapper().readTree(result.toFile());
            if (!"pass".equals(n.path("status").asText())) {
                throw new HarnessException("scaling run on " + py.label() + " failed: " + n.path("message").asText());
            }
            Map<Integer, Double> out = new LinkedHashMap<>();
            n.path("bench").forEach(row -> out.put(row.get("threads").asInt(), row.get("callsPerSecond").asDouble()));
            return out;
        } finally {
            TempDirs.delete(work);
        }
    }

    /** Joins the two sides into the speed-up table. Either map may be null (not measured). */
    public static ScalingResult table(int iterations, String ftLabel, Map<Integer, Double> ft, String gilLabel,
                                      Map<Integer, Double> gil, String error) {
        List<ScalingResult.Row> rows = new ArrayList<>();
        int max = Math.max(ft == null ? 0 : ft.size(), gil == null ? 0 : gil.size());
        for (int t = 1; t <= max; t++) {
            double f = ft == null ? -1 : ft.getOrDefault(t, -1.0);
            double g = gil == null ? -1 : gil.getOrDefault(t, -1.0);
            rows.add(new ScalingResult.Row(t, f, speedup(ft, t), g, speedup(gil, t)));
        }
        return new ScalingResult(iterations, ftLabel, gilLabel, rows, error);
    }

    private static double speedup(Map<Integer, Double> m, int t) {
        if (m == null || !m.containsKey(t) || !m.containsKey(1) || m.get(1) <= 0) return -1;
        return Math.round(m.get(t) / m.get(1) * 100) / 100.0;
    }
}
