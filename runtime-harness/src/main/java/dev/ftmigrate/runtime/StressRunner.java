package dev.ftmigrate.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the workload, one process per repetition: {@code python -X faulthandler driver.py --mode stress}, in its own
 * session so a timeout kills the whole process group. Classifies each repetition into an {@link Outcome}.
 */
public final class StressRunner {
    /** TSan's exit code when it reported something. */
    public static final int TSAN_EXIT = 66;

    private final Progress progress;

    public StressRunner(Progress progress) { this.progress = progress; }

    /** The child environment: no user site, no inherited PYTHONPATH or PYTHON_GIL; TSan options for TSan runtimes. */
    static Map<String, String> environment(Interpreter py) {
        Map<String, String> env = new HashMap<>();
        env.put("PYTHONNOUSERSITE", "1");
        env.put("PYTHONPATH", null);
        env.put("PYTHONHOME", null);
        env.put("PYTHON_GIL", null);
        env.put("PYTHONWARNINGS", null);
        env.put("PYTHONFAULTHANDLER", "1");
        env.put("LC_ALL", "C.UTF-8");
        if (py.tsan()) {
            StringBuilder o = new StringBuilder("halt_on_error=1 exitcode=" + TSAN_EXIT + " second_deadlock_stack=1");
            o.append(" suppressions=").append(TsanSuppressions.of(py));
            env.put("TSAN_OPTIONS", o.toString());
        }
        return env;
    }

    public List<Repetition> run(BuiltExtension ext, Interpreter py, StressOptions o) throws IOException {
        List<Repetition> reps = new ArrayList<>();
        for (int i = 1; i <= o.repeat(); i++) {
            Repetition r = runOne(i, ext, py, o);
            reps.add(r);
            progress.step(String.format("repetition %d/%d: %s (%.2f s)%s", i, o.repeat(), r.outcome().id(), r.seconds(),
                    r.passed() || r.message() == null ? "" : " " + firstLine(r.message())));
        }
        return reps;
    }

    Repetition runOne(int index, BuiltExtension ext, Interpreter py, StressOptions o) throws IOException {
        Path work = TempDirs.create("rep");
        try {
            Path result = work.resolve("result.json");
            List<String> cmd = new ArrayList<>(List.of(py.executable().toString(), "-X", "faulthandler",
                    DriverScript.path().toString(), "--mode", "stress", "--path", ext.importDir().toString(),
                    "--module", ext.module(), "--threads", Integer.toString(o.threads()),
                    "--iterations", Integer.toString(o.iterations()), "--result", result.toString(),
                    "--hang-dump", String.format(java.util.Locale.ROOT, "%.1f", Math.max(0.5, o.timeoutSeconds() * 0.9 - 0.5))));
            if (o.workload() != null) cmd.addAll(List.of("--workload", o.workload().toAbsolutePath().toString()));
            Map<String, String> env = environment(py);
            if (o.forceGilOff()) env.put("PYTHON_GIL", "0");
            Exec.Result r = Exec.isolated(cmd, work, env, o.timeoutSeconds(), o.memoryBytes(), work.resolve("out.txt"), work.resolve("err.txt"));
            return classify(index, r, result, ext, py);
        } finally {
            TempDirs.delete(work);
        }
    }

    static Repetition classify(int index, Exec.Result r, Path resultFile, BuiltExtension ext, Interpreter py)
            throws IOException {
        double secs = Math.round(r.seconds() * 1000) / 1000.0;
        String err = r.stderr();
        if (TsanReportParser.hasReport(err)) {
            List<TsanReport> races = TsanReportParser.parse(err, ext.sources());
            TsanReport first = races.stream().filter(TsanReport::inExtension).findFirst()
                    .orElse(races.isEmpty() ? null : races.get(0));
            if (first != null && first.inExtension()) {
                String msg = "ThreadSanitizer: " + first.kind() + " at " + first.location() + " in " + first.function()
                        + raceAccesses(first);
                return new Repetition(index, Outcome.DATA_RACE, secs, r.exitCode(), 0, msg, null, races);
            }
            String msg = "ThreadSanitizer: " + (first == null ? "report" : first.kind())
                    + " outside the extension's sources";
            return new Repetition(index, Outcome.TSAN_REPORT, secs, r.exitCode(), 0, msg,
                    ExtensionBuilder.tail(err, 40), races);
        }
        if (r.timedOut()) {
            return new Repetition(index, Outcome.TIMEOUT, secs, -1, 0,
                    String.format("no result after %.0f s; process group killed", r.seconds()), hangDump(err), null);
        }
        if (r.outOfMemory()) {
            return new Repetition(index, Outcome.OUT_OF_MEMORY, secs, r.exitCode(), 0, String.format(
                    "over the memory limit (%d MB resident with its child processes); all its processes killed", r.peakRssMb()),
                    ExtensionBuilder.tail(err, 40), null);
        }
        // The exit status decides over whatever the workload wrote: a process that reported "pass" and
        // then died of a signal (or exited with another code) crashed.
        int sig = r.signal();
        if (sig != 0) {
            return new Repetition(index, Outcome.CRASH, secs, r.exitCode(), sig, "killed by signal " + sig
                    + signalName(sig) + leftover(r), faulthandlerDump(err), null);
        }
        if (Files.exists(resultFile)) {
            JsonNode n;
            try {
                n = new ObjectMapper().readTree(resultFile.toFile());
            } catch (IOException e) {
                n = null; // a truncated or foreign record: the exit status decides below
            }
            String status = n == null ? "" : n.path("status").asText();
            Integer expected = DRIVER_EXIT.get(status);
            if (expected == null || expected != r.exitCode()) {
                return new Repetition(index, Outcome.CRASH, secs, r.exitCode(), 0, "process exited with " + r.exitCode()
                        + (status.isEmpty() ? " with an unreadable result record" : " after reporting '" + status + "'") + leftover(r),
                        ExtensionBuilder.tail(err, 40), null);
            }
            String msg = n.path("message").asText(null);
            String tb = n.path("traceback").asText(null);
            Outcome oc = switch (status) {
                case "pass" -> Outcome.PASS;
                case "invariant_failure" -> Outcome.INVARIANT_FAILURE;
                case "gil_reenabled" -> Outcome.GIL_REENABLED;
                case "import_error" -> Outcome.IMPORT_ERROR;
                default -> Outcome.EXCEPTION;
            };
            if (oc == Outcome.EXCEPTION && n.has("phase")) msg = "in " + n.get("phase").asText() + ": " + msg;
            if (r.leftover() > 0) msg = (msg == null ? "" : msg) + leftover(r);
            return new Repetition(index, oc, secs, r.exitCode(), 0, msg == null ? null : msg.strip().replaceFirst("^; ", ""), tb, null);
        }
        return new Repetition(index, Outcome.CRASH, secs, r.exitCode(), 0,
                "process exited with " + r.exitCode() + " before reporting" + leftover(r), ExtensionBuilder.tail(err, 40), null);
    }

    /** The driver's exit code for each status it writes (driver.py EXIT). */
    private static final Map<String, Integer> DRIVER_EXIT = Map.of("pass", 0, "invariant_failure", 3, "exception", 4,
            "gil_reenabled", 5, "import_error", 6);

    private static String leftover(Exec.Result r) {
        return r.leftover() == 0 ? "" : "; it left " + r.leftover() + " process(es) running, killed";
    }

    private static String raceAccesses(TsanReport t) {
        StringBuilder sb = new StringBuilder();
        for (TsanReport.Access a : t.accesses()) {
            sb.append("; ").append(a.what().replaceAll(" at 0x[0-9a-f]+", ""));
            if (a.frame() != null) sb.append(" at ").append(a.frame());
        }
        return sb.toString();
    }

    static String signalName(int sig) {
        return switch (sig) {
            case 4 -> " (SIGILL)";
            case 6 -> " (SIGABRT)";
            case 7 -> " (SIGBUS)";
            case 8 -> " (SIGFPE)";
            case 9 -> " (SIGKILL)";
            case 11 -> " (SIGSEGV)";
            default -> "";
        };
    }

    /**
     * The faulthandler section of stderr ("Fatal Python error: ..." and the thread tracebacks), cut to 80
     * lines with the crashing thread's block ("Current thread ...") moved first: faulthandler lists the
     * threads in creation order, so with many threads the one that crashed would fall past the cut.
     */
    static String faulthandlerDump(String err) {
        int i = err.indexOf("Fatal Python error");
        String s = i >= 0 ? err.substring(i) : err;
        List<String> blocks = new ArrayList<>(List.of(s.split("\n\n", -1)));
        for (int k = 2; k < blocks.size(); k++) {
            if (blocks.get(k).startsWith("Current thread ")) blocks.add(1, blocks.remove(k));
        }
        s = String.join("\n\n", blocks);
        return s.lines().limit(80).collect(java.util.stream.Collectors.joining("\n"));
    }

    private static String hangDump(String err) {
        int i = err.indexOf("Timeout (");
        return ExtensionBuilder.tail(i >= 0 ? err.substring(i) : err, 60);
    }

    private static String firstLine(String s) {
        int n = s.indexOf('\n');
        return n < 0 ? s : s.substring(0, n);
    }
}
