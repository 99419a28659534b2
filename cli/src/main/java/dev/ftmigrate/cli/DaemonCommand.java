package dev.ftmigrate.cli;

import dev.ftmigrate.cli.daemon.DaemonClient;
import dev.ftmigrate.cli.daemon.DaemonServer;
import dev.ftmigrate.cli.daemon.Wire;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * `ftmigrate daemon start|stop|status`: a warm scanner for this working directory and this build
 * (see {@link DaemonServer}). The launcher names the socket (-Dftmigrate.daemon.socket) and, while
 * a daemon answers on it, hands `scan` to it.
 */
@Command(name = "daemon", mixinStandardHelpOptions = true,
        description = {"Keeps a warm scanner for this folder: while it runs, ./ftmigrate scan here is served by it "
                + "(no JVM start, no JIT warm-up). FTMIGRATE_NO_DAEMON=1 bypasses it."},
        subcommands = {DaemonCommand.Start.class, DaemonCommand.Stop.class, DaemonCommand.Status.class})
public final class DaemonCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    static Path socket() {
        String s = System.getProperty("ftmigrate.daemon.socket");
        if (s == null || s.isEmpty()) throw new UserError("the daemon runs through the ./ftmigrate launcher, which names its socket");
        return Path.of(s);
    }

    static int ask(String what) {
        return DaemonClient.send(socket(), Path.of("").toAbsolutePath().toString(), new String[]{what}, System.out, System.err);
    }

    /** Whether the launcher gave this JVM huge pages (it asks only where the kernel offers them). */
    static boolean hugePages() {
        return java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()
                .contains("-XX:+UseTransparentHugePages");
    }

    /** Whether a daemon answers here, printing nothing. */
    static boolean answers() {
        return DaemonClient.send(socket(), Path.of("").toAbsolutePath().toString(), new String[]{Wire.STATUS},
                java.io.OutputStream.nullOutputStream(), java.io.OutputStream.nullOutputStream()) == 0;
    }

    @Command(name = "start", mixinStandardHelpOptions = true, description = "Starts the daemon in the background (nothing to do when one runs).")
    static final class Start implements Callable<Integer> {
        @Option(names = "--idle-minutes", paramLabel = "N", description = "Stop after N minutes without a request (default: ${DEFAULT-VALUE}).")
        long idleMinutes = 180;

        @Override
        public Integer call() throws Exception {
            if (idleMinutes < 1) throw new UserError("--idle-minutes must be at least 1");
            Path socket = socket();
            if (answers()) return 0;
            Path log = Path.of(socket + ".log");
            Process p;
            try {
                p = spawn(socket, log, idleMinutes);
            } catch (java.io.IOException e) {
                throw new UserError(e.getMessage());
            }
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (System.nanoTime() < deadline) {
                if (answers()) {
                    System.err.println("ftmigrate: daemon started for " + Path.of("").toAbsolutePath()
                            + "; ./ftmigrate scan here now uses it (stop it with ./ftmigrate daemon stop)");
                    return 0;
                }
                if (!p.isAlive() && !Files.exists(socket)) break;
                Thread.sleep(50);
            }
            List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
            String why = lines.stream().filter(l -> l.startsWith("Exception") || l.startsWith("ftmigrate:") || l.startsWith("Error"))
                    .reduce((a, b) -> b).orElse("no reason logged");
            throw new UserError("the daemon did not start (" + why + "); its log is " + log);
        }
    }

    /** Starts the daemon's JVM in a session of its own, its output appended to {@code log}; does not wait for it. */
    private static Process spawn(Path socket, Path log, long idleMinutes) throws java.io.IOException {
        DaemonServer.secureDirectory(socket.toAbsolutePath().getParent());
        List<String> cmd = new ArrayList<>();
        // Its own session: a Ctrl-C meant for the terminal's next command must not reach it.
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) cmd.add("/usr/bin/setsid");
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-XX:+UseParallelGC");   // long-lived: full tiered JIT, throughput GC
        if (hugePages()) cmd.add("-XX:+UseTransparentHugePages");   // the launcher's choice: fewer TLB misses
        cmd.add("-Dftmigrate.daemon.socket=" + socket);
        String launcher = System.getProperty("ftmigrate.launcher");
        if (launcher != null) cmd.add("-Dftmigrate.launcher=" + launcher);
        cmd.addAll(List.of("-cp", DaemonServer.ownJar().toString(), DaemonServer.class.getName(), socket.toString(),
                Long.toString(idleMinutes)));
        return new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** How long a daemon that {@code scan --daemon} started waits for a request before it stops. */
    static final long AUTO_IDLE_MINUTES = 30;

    /**
     * For {@code scan --daemon}: starts a daemon for this folder, unless one answers, and returns at
     * once (it is ready about a second later; the scan that asked for it has run already). Nothing
     * happens outside the launcher, which names the socket, under CI (the variable CI set: a runner
     * that waits for its processes, or kills them, gains nothing), or with FTMIGRATE_NO_DAEMON set;
     * a daemon that cannot start costs only the speed it would have given.
     * @return whether one was started
     */
    static boolean startBehind() {
        String socket = System.getProperty("ftmigrate.daemon.socket");
        if (socket == null || socket.isEmpty() || set("CI") || set("FTMIGRATE_NO_DAEMON") || answers()) return false;
        try {
            spawn(Path.of(socket), Path.of(socket + ".log"), AUTO_IDLE_MINUTES);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static boolean set(String variable) {
        String v = System.getenv(variable);
        return v != null && !v.isEmpty();
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stops this folder's daemon.")
    static final class Stop implements Callable<Integer> {
        @Override
        public Integer call() {
            boolean was = ask(Wire.STOP) == 0;
            System.err.println("ftmigrate: " + (was ? "daemon stopped" : "no daemon runs for this folder"));
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Says whether a daemon serves this folder (exit 0) or not (exit 1).")
    static final class Status implements Callable<Integer> {
        @Override
        public Integer call() {
            if (ask(Wire.STATUS) == 0) return 0;
            System.out.println("no daemon runs for this folder");
            return 1;
        }
    }
}
