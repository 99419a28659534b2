package dev.ftmigrate.cli.daemon;

import dev.ftmigrate.cli.Main;
import dev.ftmigrate.rules.engine.ScanCache;

import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.LinkOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A warm JVM that runs `scan` for the launcher, so a pre-commit hook's repeat scan pays neither JVM
 * start nor JIT warm-up: the JIT-compiled parser and rules stay, and the project's cache on disk
 * does the rest. One daemon serves one working directory with one build of the jar (the launcher
 * names its socket after both), one request at a time: each request gets System.out and System.err
 * of its own, so its output is byte for byte what the command prints run directly. It declines
 * ({@link Wire#NOT_SERVED}) another directory, any other command, and everything once its jar
 * changed; it stops after its idle time or on `ftmigrate daemon stop`.
 */
public final class DaemonServer {
    private final Path socket;
    private final Path jar;
    private final String jarStamp;
    private final String cwd = Path.of("").toAbsolutePath().toString();
    private final long idleNanos;
    private final long started = System.nanoTime();
    private volatile long lastActivity = System.nanoTime();
    private volatile boolean stopping;
    private int served;
    /** The request deadline and the stalled-reader check. */
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ftmigrate-daemon-timer");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, String> ownContext = Wire.context();
    static final long REQUEST_SECONDS = 10, STALL_SECONDS = 60;
    /** Decoded cache entries between requests: the disk cache without the decoding. */
    private final ScanCache.Memory memory = new ScanCache.Memory();

    public DaemonServer(Path socket, Path jar, long idleMinutes) throws IOException {
        this.socket = socket;
        this.jar = jar;
        this.jarStamp = stamp(jar);
        this.idleNanos = idleMinutes * 60_000_000_000L;
    }

    /** args: the socket path, the idle minutes. */
    public static void main(String[] args) throws Exception {
        new DaemonServer(Path.of(args[0]), ownJar(), Long.parseLong(args[1])).serve();
    }

    /** The jar (or classes folder) this class was loaded from. */
    public static Path ownJar() {
        try {
            return Path.of(DaemonServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String stamp(Path jar) {
        try {
            return Files.getLastModifiedTime(jar).toMillis() + " " + (Files.isRegularFile(jar) ? Files.size(jar) : 0);
        } catch (IOException e) {
            return "gone";
        }
    }

    /** Binds the socket and serves until stopped or idle; returns at once when another daemon already holds it. */
    public void serve() throws IOException, InterruptedException {
        secureDirectory(socket.toAbsolutePath().getParent());
        // One daemon per socket: the lock is held for the daemon's life, so two starts cannot both bind (the second
        // would remove the first's socket and leave it unreachable). A daemon that is stopping holds it a moment longer.
        try (FileChannel lockFile = FileChannel.open(Path.of(socket + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = acquire(lockFile)) {
            if (lock == null) {
                System.err.println("ftmigrate: a daemon already serves " + socket);
                return;
            }
            Files.deleteIfExists(socket);   // left by a daemon that died
            try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
                server.bind(UnixDomainSocketAddress.of(socket));
                Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
                Thread idle = new Thread(() -> watchIdle(server), "ftmigrate-daemon-idle");
                idle.setDaemon(true);
                idle.start();
                System.err.println("ftmigrate: daemon " + ProcessHandle.current().pid() + " serving " + cwd + " on " + socket);
                while (!stopping) {
                    SocketChannel ch;
                    try {
                        ch = server.accept();
                    } catch (java.nio.channels.ClosedChannelException e) {
                        break;   // idle, or stopped
                    }
                    lastActivity = System.nanoTime();
                    try (ch) {
                        if (Wire.sameUser(ch)) handle(ch);   // another user's process is not served (nor told why)
                    } catch (IOException | RuntimeException e) {
                        System.err.println("ftmigrate: daemon request failed: " + e);
                    } finally {
                        Thread.interrupted();   // a cancelled request leaves no interrupt behind
                    }
                    lastActivity = System.nanoTime();
                }
            } finally {
                Files.deleteIfExists(socket);   // ours: no other daemon can bind while we hold the lock
                System.err.println("ftmigrate: daemon " + ProcessHandle.current().pid() + " stopped");
            }
        }
    }

    /** The lock, waiting a few seconds for a daemon that is stopping (a rebuilt jar's) to let it go; null if it does not. */
    private static FileLock acquire(FileChannel f) throws IOException, InterruptedException {
        for (int i = 0; i < 100; i++) {
            try {
                FileLock l = f.tryLock();
                if (l != null) return l;
            } catch (java.nio.channels.OverlappingFileLockException heldHere) {
                // another daemon of this same JVM (tests run several): held all the same
            }
            Thread.sleep(50);
        }
        return null;
    }

    private void watchIdle(ServerSocketChannel server) {
        while (!stopping) {
            try {
                Thread.sleep(Math.min(60_000L, Math.max(1L, idleNanos / 4_000_000L)));
            } catch (InterruptedException e) {
                return;
            }
            if (System.nanoTime() - lastActivity > idleNanos) {
                stopping = true;
                try { server.close(); } catch (IOException ignored) { }
            }
        }
    }

    /** The socket's folder is the user's alone: anyone who could write there could answer in the daemon's place. */
    public static void secureDirectory(Path dir) throws IOException {
        Set<PosixFilePermission> owner = PosixFilePermissions.fromString("rwx------");
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(owner));
        String me = System.getProperty("user.name");
        // The folder itself, not what a link points to: a link could be turned elsewhere after the check.
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) || !Files.getOwner(dir, LinkOption.NOFOLLOW_LINKS).getName().equals(me)
                || !Files.getPosixFilePermissions(dir, LinkOption.NOFOLLOW_LINKS).equals(owner)) {
            throw new IOException(dir + " must be a folder (not a link) of " + me + " with permissions rwx------ (it holds the daemon's socket)");
        }
    }

    private void handle(SocketChannel ch) throws IOException {
        // A peer that connects and sends nothing must not hold the daemon: the request has REQUEST_SECONDS to arrive.
        ScheduledFuture<?> deadline = timer.schedule(() -> quietClose(ch), REQUEST_SECONDS, TimeUnit.SECONDS);
        DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Channels.newInputStream(ch)));
        DataOutputStream sink = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(ch)));
        if (!Wire.MAGIC.equals(in.readUTF())) return;
        String from = in.readUTF();
        String charset = in.readUTF();
        Map<String, String> context = new TreeMap<>();
        for (int i = in.readInt(); i > 0; i--) context.put(in.readUTF(), in.readUTF());
        String[] args = new String[in.readInt()];
        for (int i = 0; i < args.length; i++) args[i] = in.readUTF();
        if (!deadline.cancel(false)) return;   // closed meanwhile
        if (args.length == 1 && args[0].equals(Wire.STOP)) {
            stopping = true;
            Wire.exit(sink, 0);
            return;
        }
        if (!stamp(jar).equals(jarStamp)) {
            stopping = true;   // rebuilt: this JVM runs the old code
            Wire.exit(sink, Wire.NOT_SERVED);
            return;
        }
        if (args.length == 1 && args[0].equals(Wire.STATUS)) {
            String s = "daemon " + ProcessHandle.current().pid() + " serves " + cwd + " with " + jar + "; " + served
                    + " scan(s) served, up " + (System.nanoTime() - started) / 60_000_000_000L + " min\n";
            new Wire.FrameStream(sink, Wire.OUT).write(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            Wire.exit(sink, 0);
            return;
        }
        if (!from.equals(cwd) || !servable(args) || !Wire.relevant(context, args).equals(Wire.relevant(ownContext, args))) {
            Wire.exit(sink, Wire.NOT_SERVED);
            return;
        }
        Wire.exit(sink, run(args, ch, sink, Charset.isSupported(charset) ? Charset.forName(charset) : Charset.defaultCharset()));
        served++;
    }

    private static void quietClose(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // closing is all we wanted
        }
    }

    /** Scans only, and not their help: picocli colours help for a terminal, which the daemon is not. */
    static boolean servable(String[] args) {
        if (args.length == 0 || !args[0].equals("scan")) return false;
        for (String a : args) {
            if (a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version")) return false;
        }
        return true;
    }

    /**
     * Runs the command with its own System.out and System.err. While it runs, a client that goes away
     * (killed, Ctrl-C) interrupts it, as the kill would have stopped a direct run before it wrote its
     * report; a client that stops reading for STALL_SECONDS is dropped.
     */
    private int run(String[] args, SocketChannel ch, DataOutputStream sink, Charset cs) throws IOException {
        PrintStream oldOut = System.out, oldErr = System.err;
        Wire.FrameStream outFrames = new Wire.FrameStream(sink, Wire.OUT), errFrames = new Wire.FrameStream(sink, Wire.ERR);
        PrintStream out = new PrintStream(new BufferedOutputStream(outFrames, 1 << 16), false, cs);
        PrintStream err = new PrintStream(errFrames, true, cs);
        Thread worker = Thread.currentThread();
        Object lock = new Object();
        boolean[] running = {true};
        Thread peer = new Thread(() -> {
            boolean gone;
            try {
                gone = ch.read(java.nio.ByteBuffer.allocate(1)) < 0;
            } catch (IOException e) {
                gone = true;
            }
            synchronized (lock) { if (gone && running[0]) worker.interrupt(); }
        }, "ftmigrate-daemon-peer");
        peer.setDaemon(true);
        peer.start();
        ScheduledFuture<?> stall = timer.scheduleAtFixedRate(() -> {
            long since = Math.max(outFrames.writingSince, errFrames.writingSince);
            if (since != 0 && System.nanoTime() - since > STALL_SECONDS * 1_000_000_000L) quietClose(ch);
        }, 1, 1, TimeUnit.SECONDS);
        System.setOut(out);
        System.setErr(err);
        try {
            return Main.execute(memory, args);
        } catch (Throwable t) {
            // What an uncaught exception does to a direct run: its trace on stderr, exit 1.
            out.flush();
            err.print("Exception in thread \"main\" ");
            t.printStackTrace(err);
            return 1;
        } finally {
            synchronized (lock) { running[0] = false; }
            stall.cancel(false);
            out.flush();
            err.flush();
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
