package dev.ftmigrate.runtime;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The harness's temporary folders: named {@code ftmigrate-PID-KIND...} so that a later run can tell
 * which ones a dead run left behind (it was killed with SIGKILL, say) and remove them; removed by a
 * shutdown hook when the JVM ends on SIGINT or SIGTERM, and by their owner as soon as they are done.
 */
public final class TempDirs {
    private static final Pattern NAME = Pattern.compile("ftmigrate-(\\d+)-[a-z]+.*");
    private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();
    private static volatile boolean hooked, swept, closing;

    private TempDirs() {}

    /** A new folder under java.io.tmpdir, removed at JVM exit unless {@link #delete}d before. */
    public static Path create(String kind) throws IOException {
        hook();
        if (closing) throw new IOException("shutting down: no new work folders");
        sweepOnce();
        Path p = Files.createTempDirectory("ftmigrate-" + ProcessHandle.current().pid() + "-" + kind);
        LIVE.add(p);
        return p;
    }

    public static void delete(Path p) {
        try {
            Provisioner.deleteTree(p);
        } catch (IOException e) {
            // leave it to the shutdown hook or the next run's sweep
            return;
        }
        LIVE.remove(p);
    }

    /** Removes the folders of runs that are no longer alive; returns how many. */
    public static int sweep(Path tmp) {
        int n = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(tmp, "ftmigrate-*")) {
            for (Path p : ds) {
                Matcher m = NAME.matcher(p.getFileName().toString());
                if (!m.matches() || !Files.isDirectory(p)) continue;
                long pid = Long.parseLong(m.group(1));
                if (pid == ProcessHandle.current().pid() || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) continue;
                try {
                    Provisioner.deleteTree(p);
                    n++;
                } catch (IOException e) {
                    // someone else's, or busy: not ours to insist on
                }
            }
        } catch (IOException e) {
            return n;
        }
        return n;
    }

    private static void sweepOnce() {
        if (swept) return;
        swept = true;
        sweep(Path.of(System.getProperty("java.io.tmpdir")));
    }

    static synchronized void hook() {
        if (hooked) return;
        hooked = true;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            closing = true;
            Exec.killAllLive(); // the workloads first, so nothing writes into a folder being removed
            // Other threads run on during shutdown and dying processes may still be writing: retry briefly.
            for (int attempt = 0; attempt < 30 && !LIVE.isEmpty(); attempt++) {
                for (Path p : List.copyOf(LIVE)) {
                    try {
                        Provisioner.deleteTree(p);
                        LIVE.remove(p);
                    } catch (IOException e) {
                        // still busy: the next attempt
                    }
                }
                if (!LIVE.isEmpty()) {
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }, "ftmigrate-cleanup"));
    }
}
