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

import java.io.IOException;
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

    @Option(names = "--jobs", paramLabel = "N", description = "Parser threads (default: the number of cores).")
    int jobs = Runtime.getRuntime().availableProcessors();

    @Option(names = "--no-cache", description = "Neither read nor write the cache of per-file results.")
    boolean noCache;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Where per-file results are cached (default: " + CacheDir.NAME + " beside pyproject.toml, else in the working directory).")
    Path cacheDir;

    /** What a scan produced, with the config it used and each file's text by relative path. */
    public record Scan(Analysis.Result result, ProjectConfig config, Map<String, String> texts, Map<String, SourceFile> sources) {}

    /** The phases of the last {@link #run} (for `bench`): reading the inputs, then the analysis's own. */
    long lastReadNanos;
    Analysis.Timings lastTimings;

    /** Warnings about unreadable or odd files go to stderr unless quiet (benchmarks repeat the scan). */
    boolean quiet;

    /** Plan fixes after detection (patch, and report formats that carry fixes). */
    boolean planFixes;

    public Scan run() throws IOException {
        ProjectConfig config = ProjectConfig.discover(paths.get(0));
        List<String> sel = select.isEmpty() ? config.select() : select;
        List<String> ign = new ArrayList<>(config.ignore());
        ign.addAll(ignore);
        for (String id : concat(sel, ign)) {
            if (RuleCatalog.ids().stream().noneMatch(r -> r.startsWith(id.strip().toUpperCase()))) {
                throw new UserError("unknown rule '" + id + "' (see `ftmigrate rules`)");
            }
        }
        List<Rule> rules = RuleCatalog.selected(sel, ign);
        List<String> excl = new ArrayList<>(config.exclude());
        excl.addAll(exclude);
        List<Path> files;
        try {
            files = new SourceWalker(excl, config.file() != null ? config.file().getParent() : Path.of("")).walk(paths);
        } catch (NoSuchFileException e) {
            throw new UserError(e.getFile() + ": no such file or directory");
        }
        long tRead = System.nanoTime();
        Path cwd = Path.of("").toAbsolutePath();
        // Reading, decoding and hashing run on all cores too; the order of the list stays the walk's.
        List<InputFile> inputs = files.parallelStream().map(f -> InputFile.read(f, relPath(f, cwd))).toList();

        Analysis analysis = new Analysis(new CParser(parseOptions(config)), rules, jobs, !noSharing, planFixes)
                .skipGenerated(!noSkipGenerated);
        if (!noCache) analysis.withCache(new ScanCache(new CacheDir(cacheRoot(config)), ToolVersion.current()));
        long t0 = System.nanoTime();
        Analysis.Result result = analysis.run(inputs);
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
        return new Scan(result, config, texts, sources);
    }

    /** The project's cache folder: next to its pyproject.toml, else in the working directory. */
    Path cacheRoot(ProjectConfig config) {
        if (cacheDir != null) return cacheDir;
        Path base = config.file() != null ? config.file().getParent() : Path.of("");
        return base.resolve(CacheDir.NAME);
    }

    private ParseOptions parseOptions(ProjectConfig config) {
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
        if (file.startsWith(cwd)) {
            rel = cwd.relativize(file);
        } else {
            Path root = paths.stream().map(p -> p.toAbsolutePath().normalize()).filter(file::startsWith).findFirst().orElse(file.getParent());
            rel = root.equals(file) ? file.getFileName() : (root.toFile().isDirectory() ? root.getFileName().resolve(root.relativize(file)) : file.getFileName());
        }
        return rel.toString().replace('\\', '/');
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
