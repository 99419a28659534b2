package dev.ftmigrate.cli;

import dev.ftmigrate.rules.engine.ScanCache;
import picocli.CommandLine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.Command;

/** Entry point: wires the subcommands; no logic lives in cli. */
@Command(name = "ftmigrate", mixinStandardHelpOptions = true, version = "ftmigrate 0.1.0",
        description = "Gets CPython C extensions ready for free-threaded (no-GIL) CPython.")
public final class Main implements Runnable {
    /** The subcommands, in the order usage lists them: one line each. */
    private static final Map<String, Supplier<Object>> SUBCOMMANDS = new LinkedHashMap<>();
    static {
        SUBCOMMANDS.put("scan", ScanCommand::new);
        SUBCOMMANDS.put("patch", PatchCommand::new);
        SUBCOMMANDS.put("rules", RulesCommand::new);
        SUBCOMMANDS.put("runtime", RuntimeCommand::new);
        SUBCOMMANDS.put("stress", StressCommand::new);
        SUBCOMMANDS.put("bench", BenchCommand::new);
        SUBCOMMANDS.put("cache", CacheCommand::new);
        SUBCOMMANDS.put("check", CheckCommand::new);
        SUBCOMMANDS.put("daemon", DaemonCommand::new);
    }

    @Override
    public void run() {
        commandLine(null).usage(System.out);
    }

    /**
     * The command tree; with a subcommand named, only that one: picocli reflects on every option of
     * every command it is given, and that was most of a short run's start-up.
     */
    private static CommandLine commandLine(String only) {
        CommandLine cl = new CommandLine(new Main());
        for (Map.Entry<String, Supplier<Object>> e : SUBCOMMANDS.entrySet()) {
            if (only == null || only.equals(e.getKey())) cl.addSubcommand(e.getKey(), e.getValue().get());
        }
        return cl;
    }

    public static int execute(String... args) {
        return execute(null, args);
    }

    /** @param memory decoded cache entries a long-lived process keeps between scans (the daemon's), or null */
    public static int execute(ScanCache.Memory memory, String... args) {
        CommandLine cl = commandLine(args.length > 0 && SUBCOMMANDS.containsKey(args[0]) ? args[0] : null);
        if (memory != null) {
            for (CommandLine sub : cl.getSubcommands().values()) {
                for (Object mixin : sub.getMixins().values()) if (mixin instanceof ScanInputs in) in.memory = memory;
            }
        }
        // A user's mistake is one line and exit 2, never a stack trace.
        cl.setParameterExceptionHandler((ex, a) -> {
            System.err.println("ftmigrate: " + ex.getMessage());
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, p) -> {
            if (ex instanceof UserError) {
                System.err.println("ftmigrate: " + ex.getMessage());
                return 2;
            }
            // An I/O failure (disk full, permission denied) is the environment's, not a bug: one line too.
            if (ex instanceof java.io.IOException || ex instanceof java.io.UncheckedIOException) {
                String m = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage().lines().findFirst().orElse("");
                System.err.println("ftmigrate: I/O error: " + m);
                return 2;
            }
            throw ex;
        });
        return cl.execute(args);
    }

    public static void main(String[] args) {
        Prewarm.startFor(args);
        System.exit(execute(args));
    }
}
