package dev.ftmigrate.cli.daemon;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The daemon's protocol, one request per connection. The client sends {@link #MAGIC}, its working
 * directory, the charset its standard output uses, its {@link #context}, and the arguments; the server answers with frames
 * (a kind byte and a length-prefixed payload) of standard output and standard error, then the exit
 * code. Only JDK classes: the client must start as fast as a JVM can.
 */
public final class Wire {
    public static final String MAGIC = "ftmigrate-daemon/2";
    /** The exit code that means "not served here, run the command yourself" (sysexits' EX_TEMPFAIL). */
    public static final int NOT_SERVED = 75;
    /** Control requests (the first argument): a user's command never starts with a NUL. */
    public static final String STOP = "\0stop", STATUS = "\0status";

    static final byte OUT = 1, ERR = 2, EXIT = 3;

    /**
     * What a scan's output depends on besides the folder and the arguments: the encoding of file
     * names (a direct run under another locale prints them otherwise) and git's variables (a git
     * hook sets GIT_INDEX_FILE; --diff-base runs git). The daemon declines a request whose context
     * differs from its own where it matters.
     */
    static java.util.Map<String, String> context() {
        java.util.Map<String, String> c = new java.util.TreeMap<>();
        c.put("sun.jnu.encoding", String.valueOf(System.getProperty("sun.jnu.encoding")));
        System.getenv().forEach((k, v) -> { if (k.startsWith("GIT_")) c.put(k, v); });
        return c;
    }

    /** The context entries the request with {@code args} must share with the daemon. */
    static java.util.Map<String, String> relevant(java.util.Map<String, String> context, String[] args) {
        boolean git = java.util.Arrays.asList(args).contains("--diff-base");
        java.util.Map<String, String> r = new java.util.TreeMap<>();
        context.forEach((k, v) -> { if (!k.startsWith("GIT_") || git) r.put(k, v); });
        return r;
    }

    /** The peer of a Unix socket is this process's user: no other user may answer or ask in its name. */
    static boolean sameUser(java.nio.channels.SocketChannel ch) {
        try {
            var peer = ch.getOption(jdk.net.ExtendedSocketOptions.SO_PEERCRED);
            var me = java.nio.file.FileSystems.getDefault().getUserPrincipalLookupService()
                    .lookupPrincipalByName(System.getProperty("user.name"));
            return peer != null && peer.user().equals(me);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private Wire() {}

    /** An output stream that sends what is written as frames of one kind; writes of both kinds share one lock. */
    static final class FrameStream extends OutputStream {
        private final DataOutputStream sink;
        private final byte kind;
        /** When the write under way started (System.nanoTime), or 0: a reader that stops reading must not hang the daemon. */
        volatile long writingSince;

        FrameStream(DataOutputStream sink, byte kind) {
            this.sink = sink;
            this.kind = kind;
        }

        @Override
        public void write(int b) throws IOException { write(new byte[]{(byte) b}, 0, 1); }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len == 0) return;
            timed(() -> {
                sink.writeByte(kind);
                sink.writeInt(len);
                sink.write(b, off, len);
            });
        }

        @Override
        public void flush() throws IOException {
            timed(sink::flush);
        }

        private interface Io { void run() throws IOException; }

        /** Runs a write under the sink's lock, with {@link #writingSince} set while it runs. */
        private void timed(Io write) throws IOException {
            synchronized (sink) {
                writingSince = System.nanoTime();
                try {
                    write.run();
                } finally {
                    writingSince = 0;
                }
            }
        }
    }

    static void exit(DataOutputStream sink, int code) throws IOException {
        synchronized (sink) {
            sink.writeByte(EXIT);
            sink.writeInt(code);
            sink.flush();
        }
    }

    /** Copies frames to the two streams until the exit frame; returns its code. {@code relayed[0]} turns true at the first output. */
    static int relay(DataInputStream in, OutputStream out, OutputStream err, boolean[] relayed) throws IOException {
        while (true) {
            byte kind = in.readByte();
            if (kind == EXIT) return in.readInt();
            byte[] b = new byte[in.readInt()];
            in.readFully(b);
            relayed[0] = true;
            (kind == OUT ? out : err).write(b);
            (kind == OUT ? out : err).flush();
        }
    }
}
