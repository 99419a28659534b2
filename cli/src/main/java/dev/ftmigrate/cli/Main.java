package dev.ftmigrate.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: wires the subcommands; no logic lives in cli. */
@Command(name = "ftmigrate", mixinStandardHelpOptions = true, version = "ftmigrate 0.1.0",
        description = "Gets CPython C extensions ready for free-threaded (no-GIL) CPython.",
        subcommands = {
                // one line per subcommand
                ScanCommand.class,
                PatchCommand.class,
                RulesCommand.class,
                RuntimeCommand.class,
                StressCommand.class,
                BenchCommand.class,
                CacheCommand.class,
                CheckCommand.class,
        })
public final class Main implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static int execute(String... args) {
        CommandLine cl = new CommandLine(new Main());
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
        System.exit(execute(args));
    }
}
