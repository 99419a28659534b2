package dev.ftmigrate.rules.engine;

import dev.ftmigrate.analyzer.CParser;
import dev.ftmigrate.analyzer.ExtensionModel;
import dev.ftmigrate.analyzer.FileModel;
import dev.ftmigrate.analyzer.ModelBuilder;
import dev.ftmigrate.analyzer.ParsedFile;
import dev.ftmigrate.analyzer.SourceFile;
import dev.ftmigrate.analyzer.budget.BudgetExceeded;
import dev.ftmigrate.analyzer.budget.Watchdog;
import dev.ftmigrate.analyzer.input.InputFile;
import dev.ftmigrate.rules.FileStatus;
import dev.ftmigrate.rules.Finding;
import dev.ftmigrate.rules.ScanResult;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One scan: every input parsed, modelled and checked (in parallel, one file per task), then
 * suppressions applied and everything sorted so the output does not depend on scheduling. Each file's
 * parse and each file's checks run under its time budget ({@link Watchdog}); a file that fails or runs
 * out of budget is reported with a warning naming it, and the others are reported as usual.
 */
public final class Analysis {
    /** The scan's findings plus the exact texts they refer to (the patcher splices into these). */
    public record Result(ScanResult scan, List<SourceFile> sources) {}

    private record FileOutcome(FileStatus status, SourceFile source, List<Finding> findings, int suppressed) {}

    private final CParser parser;
    private final RuleEngine engine;
    private final int threads;
    private final boolean sharingAnalysis;

    public Analysis(CParser parser, List<? extends Rule> rules, int threads) {
        this(parser, rules, threads, true);
    }

    /** @param sharingAnalysis false reports every container as shared and every function as reachable */
    public Analysis(CParser parser, List<? extends Rule> rules, int threads, boolean sharingAnalysis) {
        this.parser = parser;
        this.engine = new RuleEngine(rules);
        this.threads = Math.max(1, threads);
        this.sharingAnalysis = sharingAnalysis;
    }

    public Result run(List<InputFile> inputs) {
        // Deep but legal trees (a 100k-term expression) recurse deeply in CDT and in tree walks: big stacks.
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(null, r, "ftmigrate-scan", 512L << 20);
            t.setDaemon(true);
            return t;
        });
        try (Watchdog watchdog = new Watchdog()) {
            // Phase 1: parse and model every file; phase 2 needs the whole extension's call graph.
            List<Parsed> parsed = all(pool, inputs.stream().map(in -> (Callable<Parsed>) () -> parse(in, watchdog)).toList());
            List<FileModel> models = parsed.stream().map(Parsed::model).filter(m -> m != null).toList();
            ExtensionModel extension = ExtensionModel.build(models, sharingAnalysis);
            List<FileOutcome> outcomes = all(pool, parsed.stream().map(p -> (Callable<FileOutcome>) () -> check(p, extension, watchdog)).toList());
            return collect(outcomes);
        } finally {
            pool.shutdownNow();
        }
    }

    private static <T> List<T> all(ExecutorService pool, List<Callable<T>> tasks) {
        try {
            List<T> out = new ArrayList<>();
            for (Future<T> f : pool.invokeAll(tasks)) out.add(f.get());
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("scan interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private Result collect(List<FileOutcome> outcomes) {
        List<Finding> findings = new ArrayList<>();
        List<FileStatus> statuses = new ArrayList<>();
        List<SourceFile> sources = new ArrayList<>();
        int suppressed = 0;
        for (FileOutcome o : outcomes) {
            findings.addAll(o.findings());
            statuses.add(o.status());
            if (o.source() != null) sources.add(o.source());
            suppressed += o.suppressed();
        }
        findings.sort(RuleEngine.ORDER);
        List<dev.ftmigrate.rules.RuleDescriptor> rules = engine.rules().stream().map(Rule::descriptor).toList();
        return new Result(new ScanResult(findings, statuses, rules, suppressed, 0), sources);
    }

    /** A file after phase 1: its model, or why there is none. */
    private record Parsed(InputFile input, FileModel model, int problems, String warning) {}

    private Parsed parse(InputFile in, Watchdog watchdog) {
        SourceFile src = in.source();
        if (src == null) return new Parsed(in, null, 0, in.warning());
        try {
            if (ModelBuilder.isCythonGenerated(src)) return new Parsed(in, ModelBuilder.generated(src), 0, in.warning());
            return watchdog.call(seconds(src), () -> {
                ParsedFile parsed = parser.parse(src);
                String w = in.warning();
                for (String note : parsed.warnings()) w = w == null ? note : w + "; " + note;
                return new Parsed(in, ModelBuilder.build(parsed), (int) parsed.syntaxProblems(), w);
            });
        } catch (Exception | LinkageError | StackOverflowError | OutOfMemoryError | BudgetExceeded e) {
            return new Parsed(in, null, 0, failure(e));
        }
    }

    private FileOutcome check(Parsed p, ExtensionModel extension, Watchdog watchdog) {
        InputFile in = p.input();
        SourceFile src = in.source();
        int lines = src == null ? 0 : src.lineCount();
        if (p.model() == null) return new FileOutcome(new FileStatus(in.relPath(), lines, 0, p.warning()), src, List.of(), 0);
        try {
            List<Finding> kept = new ArrayList<>();
            int suppressed = 0;
            List<String> failed = new ArrayList<>();
            List<Finding> all = watchdog.call(seconds(src), () -> {
                List<Finding> found = engine.run(p.model(), extension);
                failed.addAll(engine.lastFailures());
                return found;
            });
            for (Finding f : all) {
                if (Suppressions.suppressed(src, f)) suppressed++;
                else kept.add(f);
            }
            String warning = failed.isEmpty() ? p.warning()
                    : (p.warning() == null ? "" : p.warning() + "; ") + "partly analysed: " + String.join("; ", failed);
            return new FileOutcome(new FileStatus(in.relPath(), lines, p.problems(), warning), src, kept, suppressed);
        } catch (Exception | LinkageError | StackOverflowError | OutOfMemoryError | BudgetExceeded e) {
            return new FileOutcome(new FileStatus(in.relPath(), lines, p.problems(), failure(e)), src, List.of(), 0);
        }
    }

    private double seconds(SourceFile src) {
        return parser.budget().seconds(src.text().length());
    }

    private static String failure(Throwable e) {
        if (e instanceof BudgetExceeded) return e.getMessage();
        if (e instanceof OutOfMemoryError) return "abandoned: out of memory while analysing it";
        if (e instanceof StackOverflowError) return "abandoned: too deeply nested to analyse (stack overflow)";
        return "analysis failed: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
