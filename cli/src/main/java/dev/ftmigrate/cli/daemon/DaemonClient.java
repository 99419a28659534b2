package dev.ftmigrate.cli.daemon;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * The launcher's thin client: hands a command to the warm daemon of this build and working
 * directory and prints what it prints. Exits {@link Wire#NOT_SERVED} when no daemon answers (or it
 * declines), and the launcher then runs the command itself. Loads only JDK classes.
 */
public final class DaemonClient {
    private DaemonClient() {}

    /** args: the socket path, then the command's own arguments. */
    public static void main(String[] args) {
        String[] cmd = java.util.Arrays.copyOfRange(args, 1, args.length);
        System.exit(send(Path.of(args[0]), Path.of("").toAbsolutePath().toString(), cmd, System.out, System.err));
    }

    /** Sends one request; the exit code the daemon sends back, or {@link Wire#NOT_SERVED}. */
    public static int send(Path socket, String cwd, String[] cmd, OutputStream out, OutputStream err) {
        SocketChannel ch;
        try {
            ch = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        } catch (IOException | UnsupportedOperationException e) {
            return Wire.NOT_SERVED;   // no daemon (a socket file left by one that died is just a file)
        }
        boolean[] relayed = {false};
        try (ch) {
            if (!Wire.sameUser(ch)) {
                err.write(("ftmigrate: warning: " + socket + " is served by another user; ignored\n").getBytes());
                return Wire.NOT_SERVED;
            }
            DataOutputStream req = new DataOutputStream(new java.io.BufferedOutputStream(Channels.newOutputStream(ch)));
            req.writeUTF(Wire.MAGIC);
            req.writeUTF(cwd);
            req.writeUTF(stdoutCharset());
            java.util.Map<String, String> context = Wire.context();
            req.writeInt(context.size());
            for (var e : context.entrySet()) {
                req.writeUTF(e.getKey());
                req.writeUTF(e.getValue());
            }
            req.writeInt(cmd.length);
            for (String a : cmd) req.writeUTF(a);
            req.flush();
            return Wire.relay(new DataInputStream(new java.io.BufferedInputStream(Channels.newInputStream(ch))), out, err, relayed);
        } catch (IOException e) {
            // The daemon went away: if it printed nothing yet, the launcher can still run the command itself.
            if (!relayed[0]) return Wire.NOT_SERVED;
            try { err.write(("ftmigrate: the daemon stopped answering (" + e.getMessage() + ")\n").getBytes()); } catch (IOException ignored) { }
            return 2;
        }
    }

    private static String stdoutCharset() {
        String cs = System.getProperty("stdout.encoding");
        if (cs == null) cs = System.getProperty("sun.stdout.encoding");
        return cs != null ? cs : java.nio.charset.Charset.defaultCharset().name();
    }
}
