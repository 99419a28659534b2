package dev.ftmigrate.runtime;

import java.io.PrintStream;

/**
 * Progress for long work: one live line rewritten in place on a terminal, plain lines in CI logs (no terminal, or
 * {@code CI} set, or {@code TERM=dumb}), nothing when quiet. Call {@link #close()} to end the live line.
 */
public final class ConsoleProgress implements Progress, AutoCloseable {
    private final PrintStream out;
    private final boolean live;
    private int width;

    ConsoleProgress(PrintStream out, boolean live) {
        this.out = out;
        this.live = live;
    }

    /** The progress a command should use: silent with --quiet, live on an interactive terminal, else plain lines. */
    public static Progress of(boolean quiet) {
        if (quiet) return Progress.SILENT;
        return new ConsoleProgress(System.err, interactive());
    }

    /** Ends the live line of a progress made by {@link #of}, if it has one. */
    public static void end(Progress p) {
        if (p instanceof ConsoleProgress c) c.close();
    }

    static boolean interactive() {
        String ci = System.getenv("CI");
        String term = System.getenv("TERM");
        return System.console() != null && (ci == null || ci.isEmpty() || ci.equals("false"))
                && term != null && !term.equals("dumb");
    }

    @Override
    public synchronized void step(String message) {
        String m = "ftmigrate: " + message.replace('\n', ' ');
        if (!live) {
            out.println(m);
            return;
        }
        int cols = 120;
        try {
            cols = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "120"));
        } catch (NumberFormatException ignored) {
            // keep the default
        }
        if (m.length() > cols - 1) m = m.substring(0, cols - 2) + "…";
        out.print("\r\033[K" + m);
        out.flush();
        width = m.length();
    }

    @Override
    public synchronized void close() {
        if (live && width > 0) {
            out.print("\r\033[K");
            out.flush();
            width = 0;
        }
    }
}
