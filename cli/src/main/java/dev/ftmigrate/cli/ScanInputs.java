package dev.ftmigrate.cli;

import dev.ftmigrate.analyzer.CParser;
import dev.ftmigrate.analyzer.HostToolchain;
import dev.ftmigrate.analyzer.ParseOptions;
import dev.ftmigrate.analyzer.SourceFile;
import dev.ftmigrate.analyzer.input.CacheDir;
import dev.ftmigrate.analyzer.input.InputFile;
import dev.ftmigrate.analyzer.input.ProjectConfig;
import dev.ftmigrate.analyzer.input.SourceWalker;
import dev.ftmigrate.rules.FileStatus;
import dev.ftmigrate.rules.RuleCatalog;
import dev.ftmigrate.rules.engine.Analysis;
import dev.ftmigrate.rules.engine.Rule;
import dev.ftmigrate.rules.engine.ScanCache;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import dev.ftmigrate.analyzer.budget.FileBudget;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The options shared by scan and patch: what to read, how to parse it, which rules to run. */
public final class ScanInputs {
    @Parameters(paramLabel = "PATH", arity = "1..*", description = "Files or directories to scan (.c and .h).")
    List<Path> paths;

    @Option(names = "--select", split = ",", paramLabel = "IDS", description = "Only these rules (ids or prefixes: FT301,FT4).")
    List<String> select = new ArrayList<>();

    @Option(names = "--ignore", split = ",", paramLabel = "IDS", description = "Not these rules (ids or prefixes).")
    List<String> ignore = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "GLOB", description = "Skip paths matching this gitignore-style pattern (repeatable).")
    List<String> exclude = new ArrayList<>();

    @Option(names = {"-I", "--include"}, paramLabel = "DIR", description = "Precise mode: parse the real headers from DIR (repeatable; e.g. Python's include dir).")
    List<Path> includeDirs = new ArrayList<>();

    @Option(names = "-D", paramLabel = "NAME[=VALUE]", description = "Define a macro (repeatable).")
    List<String> defines = new ArrayList<>();

    @Option(names = "--no-sharing-analysis", hidden = true,
            description = "Report every container as shared and every function as reachable (for comparisons).")
    boolean noSharing;

    @Option(names = "--no-skip-generated",
            description = "Analyse generated C (Cython, f2c, SWIG, mypyc, cffi, Argument Clinic) like hand-written code; by default such a file gets one finding naming its generator.")
    boolean noSkipGenerated;

    @Option(names = "--jobs", paramLabel = "N", description = "Parser threads, 1 to 256 (default: the number of cores).")
    int jobs = Runtime.getRuntime().availableProcessors();

    @Option(names = "--file-timeout", paramLabel = "S",
            description = "CPU seconds one file may take before it is abandoned with a warning (default: 60 plus 30 per MB of source).")
    Double fileTimeout;

    @Option(names = "--no-cache", description = "Neither read nor write the cache of per-file results.")
    boolean noCache;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Where per-file results are cached (default: " + CacheDir.NAME + " beside pyproject.toml, else in the working directory).")
    Path cacheDir;


    /**
     * What a scan produced, with the config it used, each file's text by relative path, and the directory every
     * relative path is relative to (SARIF's %SRCROOT%), or null when the paths have no one base.
     */
    public record Scan(Analysis.Result result, ProjectConfig config, Map<String, String> texts, Map<String, SourceFile> sources,
                       Path base) {}

    /** When set (by check), paths below it are relative to it rather than to the working directory. */
    Path relativeTo;
    /**
     * The folders the reported paths are relative to (SARIF's %SRCROOT% when there is one). Filled by
     * {@link #relPath} from the parallel read of the inputs: a plain HashSet there lost or doubled
     * entries now and then, and the SARIF's base came out with or without its URI from run to run.
     */
    private final java.util.Set<Path> bases = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** The phases of the last {@link #run} (for `bench`): reading the inputs, then the analysis's own. */
    long lastReadNanos;
    Analysis.Timings lastTimings;

    /** Warnings about unreadable or odd files and progress lines go to stderr unless quiet (benchmarks repeat the scan). */
    @Option(names = {"-q", "--quiet"}, description = "No progress lines and no warnings on stderr.")
    boolean quiet;

    /** Plan fixes after detection (patch, and report formats that carry fixes). */
    boolean planFixes;

    /** Decoded cache entries kept by a long-lived process between scans (set by the daemon), else null. */
    ScanCache.Memory memory;

    /** The project config, read and checked once (before anything is printed). */
    private ProjectConfig config;

    /** Checks every option and the project config; a mistake is a {@link UserError} naming it. */
    public ProjectConfig validate() throws IOException {
        if (config != null) return config;
        if (jobs < 1 || jobs > 256) throw new UserError("--jobs must be between 1 and 256, not " + jobs);
        if (fileTimeout != null && !(fileTimeout > 0 && fileTimeout < 1e6)) throw new UserError("--file-timeout must be a positive number of seconds, not " + fileTimeout);
        ruleIds("--select", select);
        ruleIds("--ignore", ignore);
        for (Path d : includeDirs) if (!Files.isDirectory(d)) throw new UserError("-I " + d + ": no such directory");
        for (String d : defines) {
            String name = d.indexOf('=') < 0 ? d : d.substring(0, d.indexOf('='));
            if (!name.matches("[A-Za-z_]\\w*")) throw new UserError("-D '" + d + "': '" + name + "' is not a macro name (expected NAME or NAME=VALUE)");
        }
        exclusions("--exclude", exclude);
        ProjectConfig c;
        try {
            c = ProjectConfig.discover(paths.get(0));
        } catch (ProjectConfig.Invalid e) {
            throw new UserError(e.getMessage());
        }
        String where = c.file() + ": [tool.ftmigrate] ";
        ruleIds(where + "select", c.select());
        ruleIds(where + "ignore", c.ignore());
        exclusions(where + "exclude", c.exclude());
        if (c.failOn() != null && !List.of("error", "warning", "note", "never").contains(c.failOn().toLowerCase(java.util.Locale.ROOT))) {
            throw new UserError(where + "fail-on: unknown level '" + c.failOn() + "' (choose from error, warning, note, never)");
        }
        for (String d : c.includeDirs()) {
            if (!Files.isDirectory(c.file().getParent().resolve(d))) throw new UserError(where + "include-dirs: " + d + ": no such directory");
        }
        if (!quiet) c.warnings().forEach(w -> System.err.println("ftmigrate: warning: " + w));
        config = c;
        return c;
    }

    /** The scanned trees: each folder given, or the folder holding each file given (links not followed). */
    public List<Path> trees() {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            Path a = p.toAbsolutePath().normalize();
            out.add(Files.isDirectory(a) ? a : a.getParent());
        }
        return out;
    }

    private static void ruleIds(String where, List<String> ids) {
        for (String id : ids) {
            if (id.isBlank()) throw new UserError(where + ": empty rule id");
            if (RuleCatalog.ids().stream().noneMatch(r -> r.startsWith(id.strip().toUpperCase()))) {
                throw new UserError(where + ": unknown rule '" + id + "' (see `ftmigrate rules`)");
            }
        }
    }

    private static void exclusions(String where, List<String> globs) {
        try {
            new SourceWalker(globs, null);
        } catch (IllegalArgumentException e) {
            throw new UserError(where + ": " + e.getMessage());
        }
    }

    public Scan run() throws IOException {
        ProjectConfig config = validate();
        List<String> sel = select.isEmpty() ? config.select() : select;
        List<String> ign = new ArrayList<>(config.ignore());
        ign.addAll(ignore);
        List<Rule> rules = RuleCatalog.selected(sel, ign);
        List<String> excl = new ArrayList<>(config.exclude());
        excl.addAll(exclude);
        List<Path> files;
        SourceWalker walker = new SourceWalker(excl, config.file() != null ? config.file().getParent() : Path.of(""));
        try {
            files = walker.walk(paths);
        } catch (NoSuchFileException e) {
            throw new UserError(e.getFile() + ": no such file or directory");
        } catch (SourceWalker.NotAFile e) {
            throw new UserError(e.getMessage());
        }
        long tRead = System.nanoTime();
        Path cwd = Path.of("").toAbsolutePath();
        // Reading, decoding and hashing run on all cores too; the order of the list stays the walk's.
        List<InputFile> inputs = new ArrayList<>(files.parallelStream().map(f -> InputFile.read(f, relPath(f, cwd))).toList());
        for (SourceWalker.Skipped k : walker.skipped()) {
            // A C source that could not be read is listed in the report; any other entry is a warning here.
            if (k.source()) inputs.add(InputFile.skipped(relPath(k.path(), cwd), k.reason()));
            else if (!quiet) System.err.println("ftmigrate: warning: " + relPath(k.path(), cwd) + ": skipped: " + k.reason());
        }
        FileBudget budget = fileTimeout == null ? FileBudget.defaults() : FileBudget.defaults().withSeconds(fileTimeout);
        Analysis analysis = new Analysis(new CParser(parseOptions(config), budget), rules, jobs, !noSharing, planFixes)
                .skipGenerated(!noSkipGenerated);
        CacheDir cache = noCache ? null : new CacheDir(cacheRoot(config));
        if (cache != null) analysis.withCache(new ScanCache(cache, ToolVersion.current(), memory));
        // A live line on a terminal, plain lines in CI logs, nothing with --quiet; small scans stay silent.
        dev.ftmigrate.runtime.Progress progress = quiet || inputs.size() < 50 ? dev.ftmigrate.runtime.Progress.SILENT
                : dev.ftmigrate.runtime.ConsoleProgress.of(false);
        analysis.withProgress(progress::step);
        long t0 = System.nanoTime();
        Analysis.Result result;
        try {
            result = analysis.run(inputs);
        } finally {
            dev.ftmigrate.runtime.ConsoleProgress.end(progress);
        }
        // Once a day, what no scan used for a week leaves the cache (this scan has just marked what it used).
        if (cache != null) cache.pruneIfDue();
        lastTimings = analysis.lastTimings();
        lastReadNanos = t0 - tRead;
        for (FileStatus s : result.scan().files()) {
            if (s.warning() != null && !quiet) System.err.println("ftmigrate: warning: " + s.relPath() + ": " + s.warning());
        }
        Map<String, String> texts = new LinkedHashMap<>();
        Map<String, SourceFile> sources = new LinkedHashMap<>();
        for (SourceFile s : result.sources()) {
            texts.put(s.relPath(), s.text());
            sources.put(s.relPath(), s);
        }
        return new Scan(result, config, texts, sources, bases.size() == 1 ? bases.iterator().next() : null);
    }

    /** The project's cache folder: next to its pyproject.toml, else in the working directory. */
    Path cacheRoot(ProjectConfig config) {
        if (cacheDir != null) return cacheDir;
        Path base = config.file() != null ? config.file().getParent() : Path.of("");
        return base.resolve(CacheDir.NAME);
    }

    ParseOptions parseOptions(ProjectConfig config) {
        Map<String, String> defs = new LinkedHashMap<>(config.defines());
        for (String d : defines) {
            int eq = d.indexOf('=');
            defs.put(eq < 0 ? d : d.substring(0, eq), eq < 0 ? "1" : d.substring(eq + 1));
        }
        List<Path> incs = new ArrayList<>(includeDirs);
        config.includeDirs().forEach(s -> incs.add(config.file().getParent().resolve(s)));
        List<Path> force = incs.isEmpty() ? HostToolchain.pyconfig().map(List::of).orElse(List.of()) : List.of();
        return new ParseOptions(incs, defs, force, true, true);
    }

    /** Relative to the working directory when below it (SARIF %SRCROOT%), else to the scanned root. */
    private String relPath(Path file, Path cwd) {
        Path rel;
        if (relativeTo != null && file.startsWith(relativeTo) && !file.equals(relativeTo)) {
            bases.add(relativeTo);
            rel = relativeTo.relativize(file);
        } else if (file.startsWith(cwd)) {
            bases.add(cwd);
            rel = cwd.relativize(file);
        } else {
            Path root = paths.stream().map(p -> p.toAbsolutePath().normalize()).filter(file::startsWith).findFirst().orElse(file.getParent());
            rel = root.equals(file) ? file.getFileName() : (root.toFile().isDirectory() ? root.getFileName().resolve(root.relativize(file)) : file.getFileName());
            bases.add(root.equals(file) || !root.toFile().isDirectory() ? file.getParent() : root.getParent());
        }
        return rel.toString().replace('\\', '/');
    }

}
