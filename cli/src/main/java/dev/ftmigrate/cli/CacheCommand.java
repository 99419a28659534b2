package dev.ftmigrate.cli;

import dev.ftmigrate.analyzer.input.CacheDir;
import dev.ftmigrate.analyzer.input.ProjectConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "cache", mixinStandardHelpOptions = true, description = "Manages the cache of per-file scan results.",
        subcommands = CacheCommand.Clean.class)
public final class CacheCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "clean", mixinStandardHelpOptions = true, description = "Removes the project's cache folder.")
    static final class Clean implements Callable<Integer> {
        @Parameters(paramLabel = "PATH", arity = "0..1", description = "A path inside the project (default: the working directory).")
        Path path = Path.of("");

        @Option(names = "--cache-dir", paramLabel = "DIR", description = "The cache folder, when not the default one.")
        Path cacheDir;

        @Override
        public Integer call() throws Exception {
            ScanInputs where = new ScanInputs();
            where.cacheDir = cacheDir;
            CacheDir dir = new CacheDir(where.cacheRoot(ProjectConfig.discover(path.toAbsolutePath())));
            boolean removed = dir.clean();
            System.err.println("ftmigrate: " + (removed ? "removed " : "no cache at ") + dir.root());
            return 0;
        }
    }
}
