package dev.ftmigrate.rules.engine;

import dev.ftmigrate.analyzer.CParser;
import dev.ftmigrate.analyzer.FileModel;
import dev.ftmigrate.analyzer.ModelBuilder;
import dev.ftmigrate.analyzer.ParsedFile;
import dev.ftmigrate.analyzer.SourceFile;
import dev.ftmigrate.analyzer.input.InputFile;
import dev.ftmigrate.rules.FileStatus;
import dev.ftmigrate.rules.Finding;
import dev.ftmigrate.rules.ScanResult;

import java.util.ArrayList;
import java.util.List;
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

    public Analysis(CParser parser, List<? extends Rule> rules, int threads) {
        this.parser = parser;
        this.engine = new RuleEngine(rules);
        this.threads = Math.max(1, threads);
    }

    public Result run(List<InputFile> inputs) {
        List<FileOutcome> outcomes = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "ftmigrate-scan");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<FileOutcome>> futures = new ArrayList<>();
            for (InputFile in : inputs) futures.add(pool.submit(() -> analyse(in)));
            for (Future<FileOutcome> f : futures) outcomes.add(f.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("scan interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
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

    private FileOutcome analyse(InputFile in) {
        SourceFile src = in.source();
        if (src == null) return new FileOutcome(new FileStatus(in.relPath(), 0, 0, in.warning()), null, List.of(), 0);
        try {
            FileModel model;
            int problems = 0;
            if (ModelBuilder.isCythonGenerated(src)) {
                model = ModelBuilder.generated(src);
            } else {
                ParsedFile parsed = parser.parse(src);
                problems = (int) parsed.syntaxProblems();
                model = ModelBuilder.build(parsed);
            }
            List<Finding> kept = new ArrayList<>();
            int suppressed = 0;
            for (Finding f : engine.run(model)) {
                if (Suppressions.suppressed(src, f)) suppressed++;
                else kept.add(f);
            }
            return new FileOutcome(new FileStatus(in.relPath(), src.lineCount(), problems, in.warning()), src, kept, suppressed);
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            String why = "analysis failed: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            return new FileOutcome(new FileStatus(in.relPath(), src.lineCount(), 0, why), src, List.of(), 0);
        }
    }
}
