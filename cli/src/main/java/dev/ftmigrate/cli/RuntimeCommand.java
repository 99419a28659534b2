package dev.ftmigrate.cli;

import dev.ftmigrate.runtime.HarnessException;
import dev.ftmigrate.runtime.Interpreter;
import dev.ftmigrate.runtime.ConsoleProgress;
import dev.ftmigrate.runtime.Progress;
import dev.ftmigrate.runtime.Provisioner;
import dev.ftmigrate.runtime.RuntimeCache;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code ftmigrate runtime install|list|path}: the bundled free-threaded CPython. */
@Command(name = "runtime", mixinStandardHelpOptions = true,
        description = "Provision and locate the bundled free-threaded CPython (built once into a cache).",
        subcommands = {RuntimeCommand.Install.class, RuntimeCommand.ListCmd.class, RuntimeCommand.PathCmd.class})
public final class RuntimeCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    static RuntimeCache cache(Path option) {
        return option != null ? new RuntimeCache(option) : RuntimeCache.defaultCache();
    }

    /** Provisions (or reuses) the runtime; HarnessException becomes a one-line error. */
    static Interpreter ensure(Path cacheDir, boolean tsan, boolean quiet) {
        Progress progress = ConsoleProgress.of(quiet); // a live line on a terminal, plain lines in CI logs
        try {
            return new Provisioner(cache(cacheDir), progress).ensure(tsan);
        } catch (HarnessException e) {
            throw new UserError("runtime provisioning failed: " + e.getMessage());
        } catch (IOException e) {
            throw new UserError("runtime provisioning failed: " + e);
        } finally {
            ConsoleProgress.end(progress);
        }
    }

    @Command(name = "install", mixinStandardHelpOptions = true,
            description = "Build CPython 3.13 with --disable-gil from Debian's python3.13 source package into the"
                    + " cache (a few minutes the first time; reused afterwards).")
    static final class Install implements Callable<Integer> {
        @Option(names = "--tsan", description = "the ThreadSanitizer flavour") boolean tsan;
        @Option(names = "--cache", paramLabel = "DIR", description = "cache root (default: $FTMIGRATE_CACHE or ~/.cache/ftmigrate)")
        Path cacheDir;

        @Override
        public Integer call() {
            long t0 = System.nanoTime();
            Interpreter i = ensure(cacheDir, tsan, false);
            System.out.printf("%s %s (%.1f s)%n", i.label(), i.executable(), (System.nanoTime() - t0) / 1e9);
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List provisioned runtimes and the GIL interpreter.")
    static final class ListCmd implements Callable<Integer> {
        @Option(names = "--cache", paramLabel = "DIR", description = "cache root") Path cacheDir;

        @Override
        public Integer call() {
            RuntimeCache c = cache(cacheDir);
            var entries = c.list();
            if (entries.isEmpty()) System.out.println("no runtime in " + c.root() + " (run: ftmigrate runtime install)");
            for (RuntimeCache.Entry e : entries) {
                System.out.printf("%-26s %-8s %s%n", e.name(), e.tsan() ? "tsan" : "ft", e.python());
            }
            try {
                Interpreter gil = Interpreter.findGil();
                System.out.printf("%-26s %-8s %s%n", "gil " + gil.version(), "gil", gil.executable());
            } catch (HarnessException e) {
                System.out.println("no GIL interpreter: " + e.getMessage());
            }
            return 0;
        }
    }

    @Command(name = "path", mixinStandardHelpOptions = true,
            description = "Print the interpreter path of a provisioned runtime (exit 1 when not provisioned).")
    static final class PathCmd implements Callable<Integer> {
        @Option(names = "--tsan", description = "the ThreadSanitizer flavour") boolean tsan;
        @Option(names = "--cache", paramLabel = "DIR", description = "cache root") Path cacheDir;

        @Override
        public Integer call() {
            RuntimeCache.Entry e = cache(cacheDir).find(tsan);
            if (e == null) {
                System.err.println("ftmigrate: no " + (tsan ? "TSan " : "") + "runtime provisioned; run: ftmigrate runtime install"
                        + (tsan ? " --tsan" : ""));
                return 1;
            }
            System.out.println(e.python());
            return 0;
        }
    }
}
