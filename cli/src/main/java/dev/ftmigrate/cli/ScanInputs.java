package dev.ftmigrate.cli;

import dev.ftmigrate.analyzer.CParser;
import dev.ftmigrate.analyzer.HostToolchain;
import dev.ftmigrate.analyzer.ParseOptions;
import dev.ftmigrate.analyzer.SourceFile;
import dev.ftmigrate.analyzer.input.InputFile;
import dev.ftmigrate.analyzer.input.ProjectConfig;
import dev.ftmigrate.analyzer.input.SourceWalker;
import dev.ftmigrate.rules.FileStatus;
import dev.ftmigrate.rules.RuleCatalog;
import dev.ftmigrate.rules.engine.Analysis;
import dev.ftmigrate.rules.engine.Rule;
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

    @Option(names = "--jobs", paramLabel = "N", description = "Parser threads (default: the number of cores).")
    int jobs = Runtime.getRuntime().availableProcessors();

    /**
     * What a scan produced, with the config it used, each file's text by relative path, and the directory every
     * relative path is relative to (SARIF's %SRCROOT%), or null when the paths have no one base.
     */
    public record Scan(Analysis.Result result, ProjectConfig config, Map<String, String> texts, Map<String, SourceFile> sources,
                       Path base) {}

    /** When set (by check), paths below it are relative to it rather than to the working directory. */
    Path relativeTo;
    private final java.util.Set<Path> bases = new java.util.HashSet<>();

    /** Warnings about unreadable or odd files go to stderr unless quiet (benchmarks repeat the scan). */
    boolean quiet;

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
        List<InputFile> inputs = new ArrayList<>();
        Path cwd = Path.of("").toAbsolutePath();
        for (Path f : files) inputs.add(InputFile.read(f, relPath(f, cwd)));

        Analysis analysis = new Analysis(new CParser(parseOptions(config)), rules, jobs, !noSharing);
        Analysis.Result result = analysis.run(inputs);
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

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
