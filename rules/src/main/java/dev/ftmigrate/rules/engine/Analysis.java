package dev.ftmigrate.rules.engine;

import dev.ftmigrate.analyzer.CParser;
import dev.ftmigrate.analyzer.ExtensionModel;
import dev.ftmigrate.analyzer.FieldFacts;
import dev.ftmigrate.analyzer.FileFacts;
import dev.ftmigrate.analyzer.FileModel;
import dev.ftmigrate.analyzer.Generated;
import dev.ftmigrate.analyzer.ModelBuilder;
import dev.ftmigrate.analyzer.ParsedFile;
import dev.ftmigrate.analyzer.Scopes;
import dev.ftmigrate.analyzer.SourceFile;
import dev.ftmigrate.analyzer.budget.BudgetExceeded;
import dev.ftmigrate.analyzer.budget.Watchdog;
import dev.ftmigrate.analyzer.input.InputFile;
import dev.ftmigrate.rules.FileStatus;
import dev.ftmigrate.rules.Finding;
import dev.ftmigrate.rules.Fix;
import dev.ftmigrate.rules.RuleDescriptor;
import dev.ftmigrate.rules.ScanResult;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One scan, in three steps: (1) per file, its link facts, from the cache or by parsing; (2) the
 * link of all facts into one extension model; (3) per file, its findings, from the cache when its
 * text, headers and link digest are unchanged, else by running the rules (parsing now if step 1
 * did not), then suppressions and, when asked, the fix stage. Files run in parallel; everything is
 * sorted so the output depends neither on scheduling nor on the cache. Each file's parse and each
 * file's checks run under its time budget ({@link Watchdog}); a file that fails or runs out of budget
 * is reported with a warning naming it, and the others are reported as usual.
 */
public final class Analysis {
    /** The scan's findings plus the exact texts they refer to (the patcher splices into these). */
    /** @param facts each linked file's facts by relative path (function ranges, for PR mode) */
    public record Result(ScanResult scan, List<SourceFile> sources, Stats stats, Map<String, FileFacts> facts) {
        public Result(ScanResult scan, List<SourceFile> sources) { this(scan, sources, new Stats(0, 0, 0), Map.of()); }
    }

    /** How much work the cache spared: files parsed, files whose findings came from it, files whose facts did. */
    public record Stats(int parsed, int cachedResults, int cachedFacts) {}

    private record FileOutcome(FileStatus status, SourceFile source, List<Finding> findings, int suppressed,
                               boolean parsed, boolean cachedResults, boolean cachedFacts) {}

    private final CParser parser;
    private final RuleEngine engine;
    private final int threads;
    private final boolean sharingAnalysis;
    private final boolean planFixes;
    private final Set<String> ruleIds = new TreeSet<>();
    private final Map<String, RuleDescriptor> declared = new HashMap<>();
    /** A selected rule reads the field model: extract field facts, and key results on the field digest too. */
    private final boolean fieldModel;
    private ScanCache cache;
    /** {@link FixContext#projectDigest} of this run's files, when fixes are planned and cached. */
    private String projectDigest = "";
    private Watchdog watchdog;
    private java.util.function.Consumer<String> progress = m -> { };
    private final java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
    private volatile long lastProgress;
    private boolean skipGenerated = true;
    private volatile Timings lastTimings;
    /**
     * Chars parsed (a file's and its headers') whose trees may stay in memory from step 1 to step 3;
     * past it a file's tree is dropped once its facts exist and the file is parsed again when its rules
     * run. Measured here: about 56 bytes of heap per char parsed, so heap/87 chars fills under two thirds
     * of the heap: with the launcher's 850 MB, 9.6M chars (every file parsed again costs time: a smaller
     * budget made a cold scan of CPython's Modules and Objects 1.05x slower). Headers count: 800 files
     * that each include one header of 800 declarations held four times their own size, and counted
     * without it the heap filled and the scan spent its time collecting garbage.
     */
    private long keepBudget = Runtime.getRuntime().maxMemory() / 87;
    private final java.util.concurrent.atomic.AtomicLong kept = new java.util.concurrent.atomic.AtomicLong();

    /** Detection only: findings carry no fixes (the reports show each rule's fix hint). */
    public Analysis(CParser parser, List<? extends Rule> rules, int threads) {
        this(parser, rules, threads, true, false);
    }

    /**
     * @param sharingAnalysis false reports every container as shared and every function as reachable
     * @param planFixes       also run the fix stage, per file, after detection (patch, SARIF/JSON reports)
     */
    public Analysis(CParser parser, List<? extends Rule> rules, int threads, boolean sharingAnalysis, boolean planFixes) {
        this.parser = parser;
        this.engine = new RuleEngine(rules);
        this.threads = Math.max(1, threads);
        this.sharingAnalysis = sharingAnalysis;
        this.planFixes = planFixes;
        for (Rule r : rules) {
            ruleIds.add(r.id());
            declared.put(r.id(), r.descriptor());
        }
        this.fieldModel = rules.stream().anyMatch(Rule::fieldModel);
    }

    /** Wall time of each phase of the last {@link #run}, in nanoseconds (for `bench`): facts (parse), link, check, collect. */
    /** @param perFile each file's own parse, facts and rules time (wall time of the tasks that ran them), in nanoseconds */
    public record Timings(long parse, long link, long check, long collect, Map<String, Long> perFile) {
        /** The {@code n} files that took longest, longest first. */
        public List<Map.Entry<String, Long>> slowest(int n) {
            return perFile.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()
                    .thenComparing(Map.Entry.comparingByKey())).limit(n).toList();
        }
    }

    /** Per file, the time its own work took in this run (see {@link Timings#perFile}). */
    private final Map<String, Long> fileNanos = new java.util.concurrent.ConcurrentHashMap<>();

    private void timed(Unit u, long since) {
        fileNanos.merge(u.input.relPath(), System.nanoTime() - since, Long::sum);
    }

    /** With false, generated files (Cython, f2c, SWIG...) are analysed like hand-written ones, besides their summary finding. */
    public Analysis skipGenerated(boolean skip) {
        this.skipGenerated = skip;
        return this;
    }

    public Timings lastTimings() { return lastTimings; }

    /** How many chars parsed (files and their headers) of trees step 1 may keep for step 3 (0: re-parse every file). */
    public Analysis withTreeBudget(long chars) {
        this.keepBudget = chars;
        return this;
    }

    /** Progress lines ("analysed 40/145 files") while a big scan runs: about one a second, and the last. */
    public Analysis withProgress(java.util.function.Consumer<String> p) {
        this.progress = p;
        return this;
    }

    private void fileDone(int total) {
        int n = done.incrementAndGet();
        long now = System.nanoTime();
        if (n == total || now - lastProgress > 1_000_000_000L) {
            lastProgress = now;
            progress.accept("analysed " + n + "/" + total + " files");
        }
    }

    /** Keep per-file facts and results between runs in this cache. */
    public Analysis withCache(ScanCache cache) {
        this.cache = cache;
        return this;
    }

    /** A file through the run: what step 1 learnt of it. */
    private static final class Unit {
        final InputFile input;
        String key;
        ScanCache.Entry entry;
        FileModel model;
        FileFacts facts;
        FieldFacts fields;
        List<ScanCache.Dep> deps = List.of();
        int problems;
        String warning;
        /** The link digest (and, when the field model is read, the field digest) its cached results must match. */
        String digest;
        /** What the parse noted (an include skipped, and why): part of the file's warning. */
        List<String> notes = List.of();

        Unit(InputFile input) {
            this.input = input;
            this.warning = input.warning();
        }
    }

    public Result run(List<InputFile> inputs) {
        // Deep but legal trees (a 100k-term expression) recurse deeply in CDT and in tree walks: big stacks.
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(null, r, "ftmigrate-scan", 512L << 20);
            t.setDaemon(true);
            return t;
        });
        try (Watchdog dog = new Watchdog()) {
            this.watchdog = dog;
            long t0 = System.nanoTime();
            fileNanos.clear();
            Scopes scopes = new Scopes();
            String options = parser.options() + "|rules=" + ruleIds + "|sharing=" + sharingAnalysis + "|skipGenerated=" + skipGenerated;
            List<Unit> units = all(pool, inputs.stream().map(in -> (Callable<Unit>) () -> entry(new Unit(in), options)).toList());
            if (planFixes && cache != null) {
                projectDigest = FixContext.projectDigest(units.stream().map(u -> u.input.source()).filter(java.util.Objects::nonNull).toList());
            }
            String runKey = cache == null ? null : cache.runKey(options, units.stream().map(u -> u.input.source()).filter(java.util.Objects::nonNull).toList());
            if (cache != null && unchangedSinceLastRun(units, cache.manifest(runKey))) {
                // Same files, same texts, headers and options as the last run, whose results are all still there:
                // the link would come out the same, so it is skipped, and the facts are not even read.
                long t1 = System.nanoTime();
                List<FileOutcome> outcomes = units.stream().map(u -> check(u, null)).toList();
                Result r = collect(outcomes, lazyFacts(units));
                lastTimings = new Timings(t1 - t0, 0, System.nanoTime() - t1, 0, Map.copyOf(fileNanos));
                return r;
            }
            largestFirst(pool, units, u -> {
                long t = System.nanoTime();
                facts(u, scopes);
                timed(u, t);
                return u;
            });
            List<FileFacts> facts = new ArrayList<>();
            Map<String, FieldFacts> fields = new HashMap<>();
            Map<String, SourceFile> sources = new HashMap<>();
            for (Unit u : units) {
                if (u.facts == null) continue;
                facts.add(u.facts);
                if (u.fields != null) fields.put(u.input.relPath(), u.fields);
                sources.put(u.input.relPath(), u.input.source());
            }
            long t1 = System.nanoTime();
            ExtensionModel extension = ExtensionModel.link(facts, fields, sources, sharingAnalysis, scopes);
            if (cache != null) {
                // What each file's cached results are keyed on besides its text: computed once per file, on all
                // cores (the field model first, which the field digests share).
                if (fieldModel) extension.fields();
                largestFirst(pool, units, u -> {
                    if (u.facts == null) return u;
                    u.digest = extension.linkDigest(u.input.relPath());
                    if (fieldModel) u.digest += " fields " + SourceFile.fingerprint(extension.fieldDigest(u.input.relPath())
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    return u;
                });
            }
            long t2 = System.nanoTime();
            done.set(0);
            lastProgress = System.nanoTime();
            List<FileOutcome> outcomes = largestFirst(pool, units, u -> {
                long t = System.nanoTime();
                FileOutcome o = check(u, extension);
                timed(u, t);
                fileDone(units.size());
                return o;
            });
            long t3 = System.nanoTime();
            Map<String, FileFacts> byPath = new HashMap<>();
            for (FileFacts f : facts) byPath.put(f.relPath(), f);
            if (cache != null) {
                Map<String, String> manifest = new HashMap<>();
                for (Unit u : units) if (u.facts != null) manifest.put(u.input.relPath(), u.key + " " + u.digest);
                cache.putManifest(runKey, manifest);
            }
            Result r = collect(outcomes, byPath);
            lastTimings = new Timings(t1 - t0, t2 - t1, t3 - t2, System.nanoTime() - t3, Map.copyOf(fileNanos));
            return r;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * One task per unit, the largest files started first: a big file started last (the walk's order
     * puts {@code Objects/unicodeobject.c} near the end) kept one core busy while the others idled at
     * the step's end. The results come back in the units' order.
     */
    private static <T> List<T> largestFirst(ExecutorService pool, List<Unit> units, java.util.function.Function<Unit, T> task) {
        Integer[] order = new Integer[units.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        java.util.Arrays.sort(order, java.util.Comparator.comparingInt((Integer i) -> -size(units.get(i))).thenComparingInt(i -> i));
        List<Callable<T>> tasks = new ArrayList<>(order.length);
        for (Integer i : order) tasks.add(() -> task.apply(units.get(i)));
        List<T> done = all(pool, tasks);
        List<T> out = new ArrayList<>(java.util.Collections.nCopies(order.length, null));
        for (int k = 0; k < order.length; k++) out.set(order[k], done.get(k));
        return out;
    }

    private static int size(Unit u) {
        SourceFile src = u.input.source();
        return src == null ? 0 : src.text().length();
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

    private Result collect(List<FileOutcome> outcomes, Map<String, FileFacts> facts) {
        List<Finding> findings = new ArrayList<>();
        List<FileStatus> statuses = new ArrayList<>();
        List<SourceFile> sources = new ArrayList<>();
        int suppressed = 0, parsed = 0, cachedResults = 0, cachedFacts = 0;
        for (FileOutcome o : outcomes) {
            findings.addAll(o.findings());
            statuses.add(o.status());
            if (o.source() != null) sources.add(o.source());
            suppressed += o.suppressed();
            if (o.parsed()) parsed++;
            if (o.cachedResults()) cachedResults++;
            if (o.cachedFacts()) cachedFacts++;
        }
        findings.sort(RuleEngine.ORDER);
        List<RuleDescriptor> rules = engine.rules().stream().map(Rule::descriptor).toList();
        return new Result(new ScanResult(findings, statuses, rules, suppressed, 0), sources, new Stats(parsed, cachedResults, cachedFacts), facts);
    }

    /** Step 1a: the file's cache entry (its results and the digest they hold for), when valid. */
    private Unit entry(Unit u, String options) {
        SourceFile src = u.input.source();
        if (src == null || cache == null) return u;
        u.key = cache.key(options, src);
        u.entry = cache.get(u.key).orElse(null);
        return u;
    }

    /**
     * True when every file has an entry whose key and digest are the ones the last run over these
     * files recorded, and whose results can be used as they are: then the link is known unchanged.
     */
    private boolean unchangedSinceLastRun(List<Unit> units, Map<String, String> manifest) {
        int files = 0;
        for (Unit u : units) {
            if (u.input.source() == null) continue;
            files++;
            if (u.entry == null || u.entry.results() == null) return false;
            if (!hasPlan(u.entry)) return false;
            if (!(u.key + " " + u.entry.digest()).equals(manifest.get(u.input.relPath()))) return false;
            u.digest = u.entry.digest();
            u.facts = LINKED;
        }
        return files == manifest.size();
    }

    /** Stands for facts a skipped link did not need to read. */
    private static final FileFacts LINKED = new FileFacts("", List.of(), List.of(), List.of(), List.of(), List.of());

    /** The facts of a run that skipped the link, read from the cache only if a caller asks (PR mode). */
    private Map<String, FileFacts> lazyFacts(List<Unit> units) {
        return new java.util.AbstractMap<>() {
            private Map<String, FileFacts> loaded;

            @Override
            public synchronized Set<Entry<String, FileFacts>> entrySet() {
                if (loaded == null) {
                    loaded = new HashMap<>();
                    for (Unit u : units) {
                        if (u.key != null) cache.facts(u.key).ifPresent(f -> loaded.put(u.input.relPath(), f.facts()));
                    }
                }
                return loaded.entrySet();
            }
        };
    }

    /** Step 1b: the file's facts, from the cache beside a valid entry or by parsing it. */
    private Unit facts(Unit u, Scopes scopes) {
        SourceFile src = u.input.source();
        if (src == null) return u;
        if (u.entry != null) {
            ScanCache.Facts f = cache.facts(u.key).orElse(null);
            if (f != null && (f.fields() != null || !fieldModel)) {
                u.facts = f.facts();
                u.fields = f.fields();
                return u;
            }
            u.entry = null;
        }
        if (!parse(u)) return u;
        try {
            FileModel model = u.model;
            u.facts = watchdog.call(seconds(src), () -> ExtensionModel.facts(model, scopes));
            if (fieldModel) u.fields = watchdog.call(seconds(src), () -> ExtensionModel.fieldFacts(model, scopes));
        } catch (Exception | StackOverflowError | OutOfMemoryError | BudgetExceeded e) {
            u.model = null;
            u.warning = failure(e);
            return u;
        }
        if (cache != null) cache.putFacts(u.key, new ScanCache.Facts(u.facts, u.fields));
        if (kept.addAndGet(u.model.parsed().treeChars()) > keepBudget) {
            scopes.release(u.model);
            u.model = null;
        }
        return u;
    }

    private boolean parse(Unit u) {
        SourceFile src = u.input.source();
        try {
            Generated generated = skipGenerated ? Generated.detect(src) : null;
            if (generated != null) {
                u.model = ModelBuilder.generated(src, generated);
                return true;
            }
            ParsedFile parsed = watchdog.call(seconds(src), () -> {
                ParsedFile p = parser.parse(src);
                u.model = ModelBuilder.build(p, !skipGenerated);
                return p;
            });
            u.problems = (int) parsed.syntaxProblems();
            u.notes = parsed.warnings();
            if (cache != null) {
                List<String> read = new ArrayList<>(CParser.resolvedIncludes(parsed.ast()));
                parser.options().forceIncludes().forEach(p -> read.add(p.toString()));
                u.deps = cache.deps(read);
            }
            return true;
        } catch (Exception | LinkageError | StackOverflowError | OutOfMemoryError | BudgetExceeded e) {
            u.model = null;
            u.warning = failure(e);
            return false;
        }
    }

    /** Whether step 3 can take the file's results from the cache. */
    private boolean reusable(Unit u) {
        if (u.facts == null) return true;
        if (u.entry == null || u.entry.results() == null) return false;
        return hasPlan(u.entry) && u.digest.equals(u.entry.digest());
    }

    /** The entry holds what this run reports: its fixes too, when this run plans them and there are findings. */
    private boolean hasPlan(ScanCache.Entry e) {
        return !planFixes || e.results().findings().isEmpty()
                || (e.planned() != null && e.planned().fixOf() != null && e.planned().distinct() != null
                    && e.planned().fixOf().size() == e.results().findings().size()
                    && projectDigest.equals(e.planned().inputs()));
    }

    /** Step 3: the file's findings. */
    private FileOutcome check(Unit u, ExtensionModel extension) {
        InputFile in = u.input;
        SourceFile src = in.source();
        int lines = src == null ? 0 : src.lineCount();
        if (u.facts == null) return new FileOutcome(new FileStatus(in.relPath(), lines, 0, u.warning), src, List.of(), 0, false, false, false);
        boolean cachedFacts = u.entry != null;
        String digest = u.digest;
        ScanCache.Results results;
        if (cache != null && reusable(u)) {
            results = u.entry.results();
            if (!planFixes || u.entry.planned() == null) return outcome(in, lines, results, results.findings(), true, false, cachedFacts);
            List<Finding> shown = new ArrayList<>(results.findings().size());
            for (int i = 0; i < results.findings().size(); i++) {
                Fix fix = u.entry.planned().fix(i);
                shown.add(fix == null ? results.findings().get(i) : results.findings().get(i).withFix(fix));
            }
            List<String> failed = new ArrayList<>(results.failures());
            failed.addAll(u.entry.planned().failures());
            return outcome(in, lines, new ScanCache.Results(shown, results.suppressed(), results.problems(), failed, results.notes()),
                    shown, true, false, cachedFacts);
        }
        boolean parsedHere = u.model == null;
        if (parsedHere) {
            ScanCache.Entry old = u.entry;
            if (!parse(u)) return new FileOutcome(new FileStatus(in.relPath(), lines, 0, u.warning), src, List.of(), 0, true, false, false);
            if (old != null) u.deps = old.deps();
        }
        try {
            extension.register(u.model);
            FileModel model = u.model;
            RuleEngine.FileFindings detected = watchdog.call(seconds(src), () -> engine.run(model, extension));
            List<Finding> kept = new ArrayList<>();
            int suppressed = 0;
            for (Finding f : detected.findings()) {
                if (Suppressions.suppressed(src, f)) suppressed++;
                else kept.add(f);
            }
            results = new ScanCache.Results(kept, suppressed, u.problems, detected.failures(), u.notes);
            List<Finding> shown = kept;
            List<String> failed = new ArrayList<>(detected.failures());
            ScanCache.Planned plan = null;
            if (planFixes && !kept.isEmpty()) {
                List<Finding> toPlan = kept;
                FixStage.Planned planned = watchdog.call(seconds(src), () -> FixStage.plan(detected, toPlan, ruleIds, declared));
                shown = planned.findings();
                failed.addAll(planned.failures());
                plan = ScanCache.Planned.of(shown.stream().map(f -> f.fix().orElse(null)).toList(), List.copyOf(planned.failures()), projectDigest);
            }
            if (cache != null) cache.put(u.key, new ScanCache.Entry(u.deps, digest, results, plan));
            return outcome(in, lines, new ScanCache.Results(shown, suppressed, u.problems, failed, u.notes), shown, false, true, cachedFacts);
        } catch (Exception | LinkageError | StackOverflowError | OutOfMemoryError | BudgetExceeded e) {
            return new FileOutcome(new FileStatus(in.relPath(), lines, u.problems, failure(e)), src, List.of(), 0, true, false, cachedFacts);
        } finally {
            // The file's tree is no longer needed: let it go (memory stays bounded by the files in flight).
            extension.release(u.model);
            u.model = null;
        }
    }

    private FileOutcome outcome(InputFile in, int lines, ScanCache.Results r, List<Finding> findings, boolean fromCache,
                                boolean parsed, boolean cachedFacts) {
        String warning = in.warning();
        for (String note : r.notes() == null ? List.<String>of() : r.notes()) warning = warning == null ? note : warning + "; " + note;
        if (!r.failures().isEmpty()) warning = (warning == null ? "" : warning + "; ") + "partly analysed: " + String.join("; ", r.failures());
        return new FileOutcome(new FileStatus(in.relPath(), lines, r.problems(), warning), in.source(), findings,
                r.suppressed(), parsed, fromCache, cachedFacts);
    }

    private double seconds(SourceFile src) {
        return parser.budget().seconds(src.text().length());
    }

    private static String failure(Throwable e) {
        if (e instanceof BudgetExceeded) return e.getMessage();
        if (e instanceof OutOfMemoryError) return "abandoned: out of memory while analysing it (the launcher's heap: FTMIGRATE_HEAP, 850m by default)";
        if (e instanceof StackOverflowError) return "abandoned: too deeply nested to analyse (stack overflow)";
        return "analysis failed: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
