package dev.ftmigrate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ftmigrate.runtime.ConsoleProgress;
import dev.ftmigrate.runtime.EnvironmentUnavailable;
import dev.ftmigrate.runtime.Harness;
import dev.ftmigrate.runtime.HarnessException;
import dev.ftmigrate.runtime.Progress;
import dev.ftmigrate.runtime.StressOptions;
import dev.ftmigrate.runtime.StressReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code ftmigrate stress TARGET}: build the extension for the free-threaded runtime, import-check it, and run a
 * workload in N threads, R times, one process each. Exit 0 only when every repetition passed.
 */
@Command(name = "stress", mixinStandardHelpOptions = true,
        description = {"Build an extension for free-threaded CPython, import-check it, and stress it under threads.",
                "TARGET is a .c file, a directory of C sources (one module), or a setuptools project.",
                "Exit codes: 0 every repetition passed, 1 a repetition or the import check failed, 2 usage error."})
public final class StressCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "TARGET", description = ".c file, source directory or setuptools project")
    Path target;

    @Option(names = "--workload", paramLabel = "W.py",
            description = "defines run(module, state, thread_index, iteration), optionally setup(module) and"
                    + " verify(module, state, threads, iterations); default: a smoke workload calling the public"
                    + " functions that take zero or one argument")
    Path workload;

    @Option(names = "--module", paramLabel = "NAME", description = "import name(s), comma-separated (default: the file name for one source file, else every extension module the build makes)")
    String module;

    @Option(names = "--threads", defaultValue = "8", description = "threads per repetition (default: ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--iterations", defaultValue = "1000", description = "run() calls per thread (default: ${DEFAULT-VALUE})")
    int iterations;

    @Option(names = "--repeat", defaultValue = "10", description = "repetitions, one process each (default: ${DEFAULT-VALUE})")
    int repeat;

    @Option(names = "--timeout", defaultValue = "60", paramLabel = "S",
            description = "seconds per repetition before its process group is killed (default: ${DEFAULT-VALUE})")
    double timeout;

    @Option(names = "--memory", paramLabel = "SIZE",
            description = "resident memory one repetition (with its child processes) may use, e.g. 512M or 2G; over it, every process of the repetition is killed and it counts as out_of_memory")
    String memory;

    @Option(names = "--tsan", description = "use the ThreadSanitizer runtime and build with -fsanitize=thread")
    boolean tsan;

    @Option(names = "--python", paramLabel = "PATH",
            description = "an existing free-threaded interpreter (3.13t/3.14t/3.15t) instead of the bundled runtime")
    Path python;

    @Option(names = "--scaling", description = "also measure throughput at 1..N threads on the free-threaded and the GIL interpreter")
    boolean scaling;

    @Option(names = "--force-gil-off", description = "run with PYTHON_GIL=0 even when the module re-enables the GIL")
    boolean forceGilOff;

    @Option(names = "--import-only", description = "stop after the import check (fresh process, warnings as errors)")
    boolean importOnly;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--output", paramLabel = "FILE", description = "write the report there instead of stdout")
    Path output;

    @Option(names = "--cache", paramLabel = "DIR", description = "runtime cache root (default: $FTMIGRATE_CACHE or ~/.cache/ftmigrate)")
    Path cacheDir;

    @Option(names = "--build-dir", paramLabel = "DIR", description = "where to build and keep the artifacts (default: a temporary directory, removed afterwards)")
    Path buildDir;

    @Option(names = {"-q", "--quiet"}, description = "no progress lines on stderr")
    boolean quiet;

    /** "512M", "2G", "1500000K" or plain bytes. */
    static long memoryBytes(String s) {
        if (s == null) return 0;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)\\s*(\\d+)\\s*([kmg]?)i?b?\\s*").matcher(s);
        if (!m.matches()) throw new UserError("--memory: '" + s + "' is not a size (e.g. 512M, 2G)");
        long v = Long.parseLong(m.group(1));
        long bytes = switch (m.group(2).toLowerCase(java.util.Locale.ROOT)) {
            case "k" -> v << 10;
            case "m" -> v << 20;
            case "g" -> v << 30;
            default -> v;
        };
        if (bytes < (16L << 20)) throw new UserError("--memory: " + s + " is too small (at least 16M: an interpreter needs that to start)");
        return bytes;
    }

    @Override
    public Integer call() throws IOException {
        if (!Files.exists(target)) throw new UserError("no such file or directory: " + target);
        if (output != null && Files.isDirectory(output)) throw new UserError("--output " + output + ": is a directory");
        if (workload != null && !Files.isRegularFile(workload)) throw new UserError("no such workload: " + workload);
        if (!format.equals("text") && !format.equals("json")) throw new UserError("--format must be text or json, not " + format);
        if (python != null && !Files.isExecutable(python)) throw new UserError("not an executable interpreter: " + python);
        StressOptions o;
        try {
            o = new StressOptions(workload, threads, iterations, repeat, timeout, forceGilOff, memoryBytes(memory));
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        Progress progress = ConsoleProgress.of(quiet); // a live line on a terminal, plain lines in CI logs
        StressReport report;
        try {
            report = new Harness(RuntimeCommand.cache(cacheDir), progress).stress(
                    new Harness.Request(target, module, python, tsan, o, scaling, buildDir), importOnly);
        } catch (EnvironmentUnavailable e) {
            throw new UserError(e.getMessage());
        } catch (HarnessException e) {
            throw new UserError(e.getMessage());
        } finally {
            ConsoleProgress.end(progress);
        }
        String text = format.equals("json")
                ? new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report) + "\n"
                : StressText.render(report);
        if (output != null) {
            Outputs.write(output, text);
            System.out.println(StressText.verdict(report) + " (report: " + output + ")");
        } else {
            System.out.print(text);
        }
        return report.ok() ? 0 : 1;
    }
}
