package dev.ftmigrate.cli;

import dev.ftmigrate.check.ChangedFunctions;
import dev.ftmigrate.rules.Finding;
import dev.ftmigrate.rules.Level;
import dev.ftmigrate.rules.ScanResult;
import dev.ftmigrate.reports.Baseline;
import dev.ftmigrate.reports.ReportOptions;
import dev.ftmigrate.reports.Reports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "scan", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Finds free-threading hazards in C extension sources.",
                "Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage or I/O error."})
public final class ScanCommand implements Callable<Integer> {
    @Mixin
    ScanInputs inputs;

    @Option(names = "--format", description = "text, json, sarif or markdown (default: ${DEFAULT-VALUE})", defaultValue = "text")
    String format;

    @Option(names = {"-o", "--output"}, description = "Write the report to FILE instead of standard output.")
    Path output;

    @Option(names = "--fail-on", description = "error, warning, note or never (default: warning, or fail-on from pyproject.toml)")
    String failOn;

    @Option(names = "--baseline", description = "Leave out findings recorded in this baseline file.")
    Path baseline;

    @Option(names = "--write-baseline", description = "Record the current findings as the baseline in FILE.")
    Path writeBaseline;

    @Option(names = "--diff-base", paramLabel = "REF", description = "PR mode: only findings in functions changed since the git revision REF.")
    String diffBase;

    @Option(names = "--daemon", description = "Then start a daemon for this folder unless one runs, so that the next scans here "
            + "are served warm (a pre-commit hook's); not when CI is set. It stops after 30 idle minutes.")
    boolean daemon;

    @Override
    public Integer call() throws Exception {
        String fmt = format.toLowerCase(Locale.ROOT);
        if (!Reports.FORMATS.contains(fmt)) throw new UserError("unknown --format '" + format + "' (choose from " + String.join(", ", Reports.FORMATS) + ")");
        // Every mistake is reported before any scanning or printing.
        Level threshold = failLevel(failOn != null ? failOn : inputs.validate().failOn(), failOn != null ? "--fail-on" : "fail-on in " + inputs.validate().file());
        Outputs.check(output, "--output");
        Outputs.check(writeBaseline, "--write-baseline");
        if (baseline != null && !Files.isRegularFile(baseline)) throw new UserError("--baseline " + baseline + ": no such file");
        Baseline known = baseline == null ? null : readBaseline(baseline);
        inputs.planFixes = Reports.carriesFixes(fmt);
        ScanInputs.Scan scan = inputs.run();
        ScanResult result = scan.result().scan();
        if (diffBase != null) {
            try {
                result = ChangedFunctions.filter(result, scan.sources().values(), scan.result().facts(), diffBase);
            } catch (ChangedFunctions.GitError e) {
                throw new UserError("--diff-base " + diffBase + ": " + e.getMessage());
            }
        }
        if (writeBaseline != null) {
            Outputs.write(writeBaseline, Baseline.render(result));
            System.err.println("ftmigrate: wrote baseline of " + result.findings().size() + " findings to " + writeBaseline);
        }
        if (known == null && scan.config().baseline() != null) {
            Path base = scan.config().file().getParent().resolve(scan.config().baseline());
            if (!Files.isRegularFile(base)) throw new UserError(scan.config().file() + ": [tool.ftmigrate] baseline: " + base + ": no such file");
            known = readBaseline(base);
        }
        if (known != null) result = known.filter(result);
        ReportOptions opts = ReportOptions.defaults().withSources(scan.texts()::get);
        // SARIF consumers resolve artifact paths against %SRCROOT%: state it (the working directory, or the scanned root's parent).
        if (scan.base() != null) opts = opts.withSrcRoot(scan.base().toUri());
        if (output != null) {
            ScanResult shown = result;
            ReportOptions options = opts;
            Outputs.write(output, out -> Reports.write(fmt, shown, options, out));
            var st = scan.result().stats();
            String cached = st.cachedFacts() == 0 && st.cachedResults() == 0 ? ""
                    : "; " + st.parsed() + " parsed, " + st.cachedResults() + " from the cache";
            System.err.println("ftmigrate: " + summary(result) + cached + "; report written to " + output);
        } else if (fmt.equals("json") || fmt.equals("sarif")) {
            // JSON and SARIF are UTF-8 by their specs: their bytes, whatever the terminal's charset.
            Reports.write(fmt, result, opts, System.out);
            System.out.flush();
        } else {
            System.out.print(Reports.render(fmt, result, opts));
            System.out.flush();
        }
        // Served by a daemon (its cache memory is set), there is one already.
        if (daemon && inputs.memory == null && DaemonCommand.startBehind() && !inputs.quiet) {
            System.err.println("ftmigrate: started a daemon for this folder for the next scans (it stops after "
                    + DaemonCommand.AUTO_IDLE_MINUTES + " idle minutes; ./ftmigrate daemon stop)");
        }
        if (threshold == null) return 0;
        return result.findings().stream().map(Finding::level).anyMatch(l -> l.atLeast(threshold)) ? 1 : 0;
    }

    private static Baseline readBaseline(Path f) {
        try {
            return Baseline.read(f);
        } catch (java.io.IOException e) {
            throw new UserError(e.getMessage().lines().findFirst().orElse("cannot read " + f));
        }
    }

    private static Level failLevel(String s, String where) {
        String v = s == null ? "warning" : s.toLowerCase(Locale.ROOT);
        return switch (v) {
            case "error" -> Level.ERROR;
            case "warning" -> Level.WARNING;
            case "note" -> Level.NOTE;
            case "never" -> null;
            default -> throw new UserError(where + ": unknown level '" + s + "' (choose from error, warning, note, never)");
        };
    }

    private static String summary(ScanResult r) {
        return r.findings().size() + " finding(s) in " + r.files().size() + " file(s), " + r.filesWithProblems() + " with parse problems";
    }
}
