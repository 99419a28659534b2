package dev.ftmigrate.rules.engine;

import dev.ftmigrate.analyzer.CParser;
import dev.ftmigrate.analyzer.ExtensionModel;
import dev.ftmigrate.analyzer.FileModel;
import dev.ftmigrate.analyzer.Generated;
import dev.ftmigrate.analyzer.ModelBuilder;
import dev.ftmigrate.analyzer.ParsedFile;
import dev.ftmigrate.analyzer.SourceFile;
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
 * suppressions applied and everything sorted so the output does not depend on scheduling.
 */
public final class Analysis {
    /** The scan's findings plus the exact texts they refer to (the patcher splices into these). */
    public record Result(ScanResult scan, List<SourceFile> sources) {}

    private record FileOutcome(FileStatus status, SourceFile source, List<Finding> findings, int suppressed) {}

    private final CParser parser;
    private final RuleEngine engine;
    private final int threads;
    private final boolean sharingAnalysis;
    private boolean skipGenerated = true;
    private volatile Timings lastTimings;

    /** Wall time of each phase of the last {@link #run}, in nanoseconds (for `bench`). */
    public record Timings(long parse, long link, long check, long collect) {}

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

    /** With false, generated files (Cython, f2c, SWIG...) are analysed like hand-written ones, besides their summary finding. */
    public Analysis skipGenerated(boolean skip) {
        this.skipGenerated = skip;
        return this;
    }

    public Timings lastTimings() { return lastTimings; }

    public Result run(List<InputFile> inputs) {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "ftmigrate-scan");
            t.setDaemon(true);
            return t;
        });
        try {
            // Phase 1: parse and model every file; phase 2 needs the whole extension's call graph.
            long t0 = System.nanoTime();
            List<Parsed> parsed = all(pool, inputs.stream().map(in -> (Callable<Parsed>) () -> parse(in)).toList());
            List<FileModel> models = parsed.stream().map(Parsed::model).filter(m -> m != null).toList();
            long t1 = System.nanoTime();
            ExtensionModel extension = ExtensionModel.build(models, sharingAnalysis);
            long t2 = System.nanoTime();
            List<FileOutcome> outcomes = all(pool, parsed.stream().map(p -> (Callable<FileOutcome>) () -> check(p, extension)).toList());
            long t3 = System.nanoTime();
            Result r = collect(outcomes);
            lastTimings = new Timings(t1 - t0, t2 - t1, t3 - t2, System.nanoTime() - t3);
            return r;
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

    private Parsed parse(InputFile in) {
        SourceFile src = in.source();
        if (src == null) return new Parsed(in, null, 0, in.warning());
        try {
            Generated generated = skipGenerated ? Generated.detect(src) : null;
            if (generated != null) return new Parsed(in, ModelBuilder.generated(src, generated), 0, in.warning());
            ParsedFile parsed = parser.parse(src);
            return new Parsed(in, ModelBuilder.build(parsed, !skipGenerated), (int) parsed.syntaxProblems(), in.warning());
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            return new Parsed(in, null, 0, failure(e));
        }
    }

    private FileOutcome check(Parsed p, ExtensionModel extension) {
        InputFile in = p.input();
        SourceFile src = in.source();
        int lines = src == null ? 0 : src.lineCount();
        if (p.model() == null) return new FileOutcome(new FileStatus(in.relPath(), lines, 0, p.warning()), src, List.of(), 0);
        try {
            List<Finding> kept = new ArrayList<>();
            int suppressed = 0;
            for (Finding f : engine.run(p.model(), extension)) {
                if (Suppressions.suppressed(src, f)) suppressed++;
                else kept.add(f);
            }
            List<String> failed = engine.lastFailures();
            String warning = failed.isEmpty() ? p.warning()
                    : (p.warning() == null ? "" : p.warning() + "; ") + "partly analysed: " + String.join("; ", failed);
            return new FileOutcome(new FileStatus(in.relPath(), lines, p.problems(), warning), src, kept, suppressed);
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            return new FileOutcome(new FileStatus(in.relPath(), lines, p.problems(), failure(e)), src, List.of(), 0);
        }
    }

    private static String failure(Throwable e) {
        return "analysis failed: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
