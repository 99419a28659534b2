package dev.ftmigrate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ftmigrate.check.CheckOptions;
import dev.ftmigrate.check.CheckReport;
import dev.ftmigrate.check.Checker;
import dev.ftmigrate.reports.ReportOptions;
import dev.ftmigrate.reports.Reports;
import dev.ftmigrate.runtime.ConsoleProgress;
import dev.ftmigrate.runtime.HarnessException;
import dev.ftmigrate.runtime.Progress;
import dev.ftmigrate.runtime.ProjectBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code ftmigrate check PROJECT}: scan, patch a work copy, build, test with threads, TSan, measure, one report. */
@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"From scan to proof on one project: scan, (--patch) patch a work copy, build original and patched"
                + " for free-threaded CPython and the GIL interpreter, import-check, run the project's pytest suite with"
                + " every test body in N threads, run workloads, (--tsan) ThreadSanitizer, measure cost and scaling,"
                + " link run-time failures to findings, and write one report.",
                "PROJECT is a setuptools, meson-python or scikit-build-core project, or a folder or file of C sources.",
                "Exit codes: 0 clean, 1 problems at run time on the checked build (patched with --patch), 2 usage or setup error."})
public final class CheckCommand implements Callable<Integer> {
    static final Set<String> FORMATS = Set.of("html", "markdown", "json", "sarif", "junit");

    @Mixin
    ScanInputs inputs;

    @Option(names = "--patch", description = "Patch a work copy (never your tree) and check it beside the original.")
    boolean patch;

    @Option(names = "--unsafe-fixes", description = "With --patch, apply review fixes too (as patch --unsafe-fixes).")
    boolean unsafeFixes;

    @Option(names = "--python", paramLabel = "PATH", description = "A free-threaded interpreter (3.13t/3.14t/3.15t) instead of the bundled runtime.")
    Path python;

    @Option(names = "--module", paramLabel = "NAME[,NAME...]", description = "Import names to check (default: every extension module the build makes; each is imported and the GIL must stay off after every one).")
    String module;

    @Option(names = "--threads", defaultValue = "4", description = "Threads per test body and per workload (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--tsan", description = "Also run tests and workloads under ThreadSanitizer (needs `runtime install --tsan`).")
    boolean tsan;

    @Option(names = "--tests", split = ",", paramLabel = "PATHS", description = "Test files or folders (default: the project's tests/).")
    List<Path> tests = new ArrayList<>();

    @Option(names = "--pytest-arg", paramLabel = "ARG", description = "An extra pytest argument (repeatable), e.g. --pytest-arg=-k --pytest-arg='not huge'.")
    List<String> pytestArgs = new ArrayList<>();

    @Option(names = "--workload", paramLabel = "W.py", description = "A stress workload (repeatable); the first one is also timed.")
    List<Path> workloads = new ArrayList<>();

    @Option(names = "--iterations", defaultValue = "2000", description = "Workload calls per thread (default: ${DEFAULT-VALUE}).")
    int iterations;

    @Option(names = "--repeat", defaultValue = "3", description = "Repetitions of each workload and measurement (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--timeout", defaultValue = "600", paramLabel = "S", description = "Seconds per test-suite run (default: ${DEFAULT-VALUE}).")
    double timeout;

    @Option(names = "--no-perf", description = "Skip the single-thread cost and scaling measurements.")
    boolean noPerf;

    @Option(names = "--format", split = ",", paramLabel = "F", description = "Reports to write: html, markdown, json, sarif, junit (default: all).")
    List<String> formats = new ArrayList<>();

    @Option(names = "--output-dir", paramLabel = "DIR", defaultValue = "ftmigrate-check", description = "Where the reports go (default: ${DEFAULT-VALUE}).")
    Path outputDir;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Keep the work copy, builds and venvs there (default: a temporary folder, removed).")
    Path workDir;

    @Option(names = "--cache", paramLabel = "DIR", description = "Runtime cache root (default: $FTMIGRATE_CACHE or ~/.cache/ftmigrate).")
    Path cacheDir;


    @Override
    public Integer call() throws Exception {
        if (inputs.paths.size() != 1) throw new UserError("check takes one PROJECT");
        Path project = inputs.paths.get(0).toAbsolutePath().normalize();
        if (!Files.exists(project)) throw new UserError("no such file or directory: " + inputs.paths.get(0));
        for (String f : formats) if (!FORMATS.contains(f)) throw new UserError("unknown --format '" + f + "' (choose from html, markdown, json, sarif, junit)");
        for (Path w : workloads) if (!Files.isRegularFile(w)) throw new UserError("no such workload: " + w);
        for (Path t : tests) if (!Files.exists(t)) throw new UserError("no such test path: " + t);
        if (python != null && !Files.isExecutable(python)) throw new UserError("not an executable interpreter: " + python);
        if (threads < 2) throw new UserError("--threads must be at least 2");
        if (iterations < 1 || repeat < 1 || timeout <= 0) throw new UserError("--iterations, --repeat and --timeout must be positive");
        List<String> fmts = formats.isEmpty() ? List.of("html", "markdown", "json", "sarif", "junit") : formats;
        Path root = Files.isDirectory(project) ? project : project.getParent();
        inputs.relativeTo = root;
        inputs.planFixes = patch;   // fixes are planned only when asked for: --patch applies them to the work copy
        Progress progress = ConsoleProgress.of(inputs.quiet);
        Path work = workDir != null ? workDir.toAbsolutePath() : Files.createTempDirectory("ftmigrate-check");
        try {
            progress.step("scanning " + project);
            long t0 = System.nanoTime();
            ScanInputs.Scan scan = inputs.run();
            double scanSecs = (System.nanoTime() - t0) / 1e9;
            CheckOptions o = new CheckOptions(project, module, patch, unsafeFixes, python, threads, tsan,
                    tests.stream().map(p -> p.toAbsolutePath().normalize()).toList(), pytestArgs,
                    workloads.stream().map(p -> p.toAbsolutePath().normalize()).toList(), iterations, repeat, timeout, !noPerf, work);
            CheckReport report;
            try {
                report = new Checker(RuntimeCommand.cache(cacheDir), progress).run(o,
                        new Checker.ScanInput(scan.result().scan(), scan.sources().values(), scanSecs));
            } catch (HarnessException e) {
                throw new UserError(e.getMessage());
            } finally {
                ConsoleProgress.end(progress);
            }
            String md = dev.ftmigrate.check.CheckMarkdown.render(report);
            for (String f : fmts) {
                switch (f) {
                    case "html" -> Outputs.write(outputDir.resolve("check.html"), dev.ftmigrate.check.Html.render(report));
                    case "markdown" -> Outputs.write(outputDir.resolve("check.md"), md);
                    case "json" -> Outputs.write(outputDir.resolve("check.json"),
                            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report) + "\n");
                    case "sarif" -> Outputs.write(outputDir.resolve("check.sarif"), dev.ftmigrate.check.CheckSarif.render(
                            Reports.render("sarif", scan.result().scan(), ReportOptions.defaults().withSources(scan.texts()::get)
                                    .withSrcRoot(root.toUri())), report));
                    case "junit" -> Outputs.write(outputDir.resolve("check-junit.xml"), dev.ftmigrate.check.CheckJUnit.render(report));
                    default -> throw new IllegalStateException(f);
                }
            }
            System.out.print(md);
            if (!inputs.quiet) System.err.println("ftmigrate: reports in " + outputDir.toAbsolutePath() + " (" + String.join(", ", fmts) + ")");
            return report.verdict().exitCode();
        } finally {
            if (workDir == null) ProjectBuilder.deleteTree(work);
        }
    }
}
