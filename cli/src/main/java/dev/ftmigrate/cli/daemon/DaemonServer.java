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
import java.util.Set;

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
    /** The socket file this daemon bound (its inode), so that it removes no other. */
    private Object bound;
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

    /** Binds the socket and serves until stopped or idle; returns at once when another daemon already answers there. */
    public void serve() throws IOException {
        secureDirectory(socket.toAbsolutePath().getParent());
        if (DaemonClient.send(socket, cwd, new String[]{Wire.STATUS}, java.io.OutputStream.nullOutputStream(),
                java.io.OutputStream.nullOutputStream()) != Wire.NOT_SERVED) {
            System.err.println("ftmigrate: a daemon already answers on " + socket);
            return;
        }
        Files.deleteIfExists(socket);   // left by a daemon that died
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
            bound = Files.readAttributes(socket, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
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
                try (ch) {
                    handle(ch);
                } catch (IOException | RuntimeException e) {
                    System.err.println("ftmigrate: daemon request failed: " + e);
                }
                lastActivity = System.nanoTime();
            }
        } finally {
            // Only our own socket: a daemon started after this one stopped answering may have bound the path anew.
            try {
                if (bound != null && bound.equals(Files.readAttributes(socket, java.nio.file.attribute.BasicFileAttributes.class).fileKey())) {
                    Files.deleteIfExists(socket);
                }
            } catch (IOException gone) {
                // already removed
            }
            System.err.println("ftmigrate: daemon " + ProcessHandle.current().pid() + " stopped");
        }
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
        if (!Files.isDirectory(dir)) Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(owner));
        String me = System.getProperty("user.name");
        if (!Files.getOwner(dir).getName().equals(me) || !Files.getPosixFilePermissions(dir).equals(owner)) {
            throw new IOException(dir + " must belong to " + me + " with permissions rwx------ (it holds the daemon's socket)");
        }
    }

    private void handle(SocketChannel ch) throws IOException {
        DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Channels.newInputStream(ch)));
        DataOutputStream sink = new DataOutputStream(new BufferedOutputStream(Channels.newOutputStream(ch)));
        if (!Wire.MAGIC.equals(in.readUTF())) return;
        String from = in.readUTF();
        String charset = in.readUTF();
        String[] args = new String[in.readInt()];
        for (int i = 0; i < args.length; i++) args[i] = in.readUTF();
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
        if (!from.equals(cwd) || !servable(args)) {
            Wire.exit(sink, Wire.NOT_SERVED);
            return;
        }
        Wire.exit(sink, run(args, sink, Charset.isSupported(charset) ? Charset.forName(charset) : Charset.defaultCharset()));
        served++;
    }

    /** Scans only, and not their help: picocli colours help for a terminal, which the daemon is not. */
    static boolean servable(String[] args) {
        if (args.length == 0 || !args[0].equals("scan")) return false;
        for (String a : args) {
            if (a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version")) return false;
        }
        return true;
    }

    private int run(String[] args, DataOutputStream sink, Charset cs) throws IOException {
        PrintStream oldOut = System.out, oldErr = System.err;
        PrintStream out = new PrintStream(new BufferedOutputStream(new Wire.FrameStream(sink, Wire.OUT), 1 << 16), false, cs);
        PrintStream err = new PrintStream(new Wire.FrameStream(sink, Wire.ERR), true, cs);
        System.setOut(out);
        System.setErr(err);
        try {
            return Main.execute(memory, args);
        } catch (Throwable t) {
            // What an uncaught exception does to a direct run: its trace on stderr, exit 1.
            out.flush();
            t.printStackTrace(err);
            return 1;
        } finally {
            out.flush();
            err.flush();
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }
}
