package dev.ftmigrate.cli.daemon;

import dev.ftmigrate.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The warm daemon, in-process: a real Unix socket, the real client, the real scan. */
class DaemonTest {
    static final String SAMPLES = Path.of("../sample-extensions").toString();
    static final String CWD = Path.of("").toAbsolutePath().toString();

    record Reply(int exit, String out, String err) {}

    static Reply send(Path socket, String cwd, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = DaemonClient.send(socket, cwd, args, out, err);
        return new Reply(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Reply direct(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            return new Reply(Main.execute(args), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    /** A daemon on a thread; the "jar" is a stamp file the test can rebuild. */
    static Thread start(Path socket, Path jar) throws Exception {
        DaemonServer server = new DaemonServer(socket, jar, 60);
        Thread t = new Thread(() -> {
            try {
                server.serve();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        for (int i = 0; i < 200 && send(socket, CWD, Wire.STATUS).exit() != 0; i++) Thread.sleep(25);
        return t;
    }

    interface WithSocket { void run(Path socket) throws Exception; }

    /** Runs {@code body} against a daemon in {@code tmp}, then stops it. */
    static void withDaemon(Path tmp, WithSocket body) throws Exception {
        Path socket = dir(tmp).resolve("d.sock");
        Thread server = start(socket, Files.writeString(tmp.resolve("jar"), "1"));
        try {
            body.run(socket);
        } finally {
            send(socket, CWD, Wire.STOP);
            server.join(10_000);
        }
        assertFalse(server.isAlive());
    }

    /** The socket's folder, the user's alone (made once per test). */
    static Path dir(Path tmp) throws IOException {
        Path d = tmp.resolve("run");
        if (Files.isDirectory(d)) return d;
        return Files.createDirectory(d, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    @Test
    void aScanThroughTheDaemonPrintsAndWritesWhatADirectRunDoes(@TempDir Path tmp) throws Exception {
        Path socket = dir(tmp).resolve("d.sock"), jar = Files.writeString(tmp.resolve("jar"), "1");
        Thread server = start(socket, jar);
        try {
            Reply status = send(socket, CWD, Wire.STATUS);
            assertEquals(0, status.exit());
            assertTrue(status.out().contains("serves " + CWD) && status.out().contains("0 scan(s) served"), status.out());

            Reply viaText = send(socket, CWD, "scan", SAMPLES, "--no-cache");
            Reply text = direct("scan", SAMPLES, "--no-cache");
            assertEquals(1, text.exit(), "the samples have warnings");
            assertEquals(text.exit(), viaText.exit());
            assertEquals(text.out(), viaText.out());
            assertEquals(text.err(), viaText.err());

            Path a = tmp.resolve("a.sarif"), b = tmp.resolve("b.sarif");
            Reply viaSarif = send(socket, CWD, "scan", SAMPLES, "--no-cache", "--format", "sarif", "--output", a.toString(), "--fail-on", "never");
            assertEquals(0, viaSarif.exit(), viaSarif.err());
            assertEquals(0, direct("scan", SAMPLES, "--no-cache", "--format", "sarif", "--output", b.toString(), "--fail-on", "never").exit());
            assertArrayEquals(Files.readAllBytes(b), Files.readAllBytes(a));

            // A user's mistake comes back as it would: one line, exit 2.
            Reply bad = send(socket, CWD, "scan", SAMPLES, "--format", "yaml");
            assertEquals(2, bad.exit());
            assertEquals(direct("scan", SAMPLES, "--format", "yaml").err(), bad.err());
            assertTrue(send(socket, CWD, Wire.STATUS).out().contains("3 scan(s) served"));
        } finally {
            assertEquals(0, send(socket, CWD, Wire.STOP).exit());
            server.join(10_000);
        }
        assertFalse(server.isAlive());
        assertFalse(Files.exists(socket), "the socket goes with the daemon");
        assertEquals(Wire.NOT_SERVED, send(socket, CWD, "scan", SAMPLES).exit());
    }

    @Test
    void repeatScansFromTheDaemonsMemoryMatchAFreshScanAfterEachEdit(@TempDir Path tmp) throws Exception {
        Path src = tmp.resolve("src");
        dev.ftmigrate.cli.TreeCopy.tree(Path.of(SAMPLES), src);
        Path cache = tmp.resolve("cache"), a = tmp.resolve("a.json"), b = tmp.resolve("b.json");
        Path edited = src.resolve("racy_counter/racy_counter.c");
        withDaemon(tmp, socket -> {
            for (int i = 0; i < 3; i++) {
                Reply via = send(socket, CWD, "scan", src.toString(), "--format", "json", "--output", a.toString(), "--fail-on", "never",
                        "--cache-dir", cache.toString());
                assertEquals(0, via.exit(), via.err());
                assertEquals(0, direct("scan", src.toString(), "--format", "json", "--output", b.toString(), "--fail-on", "never", "--no-cache").exit());
                assertEquals(Files.readString(b), Files.readString(a), "run " + i);
                // An edit that moves a finding: the daemon must not answer from what it remembers of the old text.
                Files.writeString(edited, "/* line " + i + " */\n" + Files.readString(edited));
            }
        });
    }

    @Test
    void anEditedHeaderIsReadAnewByTheNextScan(@TempDir Path tmp) throws Exception {
        Path src = Files.createDirectory(tmp.resolve("hdr"));
        Files.writeString(src.resolve("bump.h"), "#define BUMP() (calls++)\n");
        Files.writeString(src.resolve("m.c"), String.join("\n", "#include <Python.h>", "#include \"bump.h\"",
                "static long calls;", "static PyObject *hit(PyObject *self, PyObject *arg) { BUMP(); Py_RETURN_NONE; }",
                "static PyMethodDef methods[] = {{\"hit\", hit, METH_O, NULL}, {NULL}};",
                "static struct PyModuleDef mod = {PyModuleDef_HEAD_INIT, \"m\", NULL, 0, methods};",
                "PyMODINIT_FUNC PyInit_m(void) { return PyModule_Create(&mod); }", ""));
        Path cache = tmp.resolve("cache"), a = tmp.resolve("a.json"), b = tmp.resolve("b.json");
        java.util.List<String> reports = new java.util.ArrayList<>();
        withDaemon(tmp, socket -> {
            for (String body : new String[]{"(calls++)", "((void)0)", "(calls += 2)"}) {
                Files.writeString(src.resolve("bump.h"), "#define BUMP() " + body + "\n");
                Reply via = send(socket, CWD, "scan", src.toString(), "--format", "json", "--output", a.toString(), "--fail-on", "never",
                        "--cache-dir", cache.toString());
                assertEquals(0, via.exit(), via.err());
                assertEquals(0, direct("scan", src.toString(), "--format", "json", "--output", b.toString(), "--fail-on", "never", "--no-cache").exit());
                assertEquals(Files.readString(b), Files.readString(a), body);
                reports.add(Files.readString(a));
            }
        });
        assertFalse(reports.get(0).equals(reports.get(1)), "the header's edit removes the write of the static");
    }

    @Test
    void aSecondDaemonOnTheSameSocketStepsAsideAndASilentPeerIsDropped(@TempDir Path tmp) throws Exception {
        withDaemon(tmp, socket -> {
            // Started while one runs (two `daemon start` at once): it must neither bind nor remove the first's socket.
            new DaemonServer(socket, Files.writeString(tmp.resolve("jar2"), "1"), 60).serve();
            assertEquals(0, send(socket, CWD, Wire.STATUS).exit());
            // A peer that connects and sends nothing holds the daemon for the request deadline at most.
            try (var silent = java.nio.channels.SocketChannel.open(java.net.UnixDomainSocketAddress.of(socket))) {
                long t0 = System.nanoTime();
                assertEquals(0, send(socket, CWD, Wire.STATUS).exit());
                assertTrue(System.nanoTime() - t0 < (DaemonServer.REQUEST_SECONDS + 5) * 1_000_000_000L);
            }
        });
    }

    @Test
    void aLinkInPlaceOfTheSocketFolderIsRefused(@TempDir Path tmp) throws Exception {
        Path real = dir(tmp), link = Files.createSymbolicLink(tmp.resolve("link"), real);
        DaemonServer server = new DaemonServer(link.resolve("d.sock"), Files.writeString(tmp.resolve("jar"), "1"), 60);
        IOException e = assertThrows(IOException.class, server::serve);
        assertTrue(e.getMessage().contains("not a link"), e.getMessage());
    }

    @Test
    void gitsVariablesMatterOnlyToAScanInPullRequestMode() {
        var a = java.util.Map.of("sun.jnu.encoding", "UTF-8", "GIT_INDEX_FILE", "/x/index");
        var b = java.util.Map.of("sun.jnu.encoding", "UTF-8");
        assertEquals(Wire.relevant(a, new String[]{"scan", "."}), Wire.relevant(b, new String[]{"scan", "."}));
        assertNotEquals(Wire.relevant(a, new String[]{"scan", ".", "--diff-base", "main"}), Wire.relevant(b, new String[]{"scan", ".", "--diff-base", "main"}));
        assertNotEquals(Wire.relevant(Map.of("sun.jnu.encoding", "ANSI_X3.4-1968"), new String[]{"scan"}), Wire.relevant(b, new String[]{"scan"}));
    }

    @Test
    void anotherFolderAnotherCommandOrHelpIsLeftToTheLauncher(@TempDir Path tmp) throws Exception {
        withDaemon(tmp, socket -> {
            assertEquals(Wire.NOT_SERVED, send(socket, tmp.toString(), "scan", SAMPLES).exit(), "relative paths mean another folder");
            assertEquals(Wire.NOT_SERVED, send(socket, CWD, "patch", SAMPLES).exit());
            assertEquals(Wire.NOT_SERVED, send(socket, CWD, "scan", "--help").exit());
            assertEquals(Wire.NOT_SERVED, send(socket, CWD).exit());
            assertTrue(send(socket, CWD, Wire.STATUS).out().contains("0 scan(s) served"));
        });
    }

    @Test
    void aRebuiltJarStopsTheDaemonAndTheScanRunsWithoutIt(@TempDir Path tmp) throws Exception {
        Path socket = dir(tmp).resolve("d.sock"), jar = Files.writeString(tmp.resolve("jar"), "1");
        Thread server = start(socket, jar);
        Files.writeString(jar, "22");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 5000));
        assertEquals(Wire.NOT_SERVED, send(socket, CWD, "scan", SAMPLES).exit());
        server.join(10_000);
        assertFalse(server.isAlive(), "a daemon running old code stops");
        assertFalse(Files.exists(socket));
    }

    @Test
    void aSocketLeftByADeadDaemonIsNotServedAndIsReplaced(@TempDir Path tmp) throws Exception {
        Path left = dir(tmp).resolve("d.sock");
        Files.writeString(left, "");   // what a killed daemon leaves (a file nobody listens on)
        assertEquals(Wire.NOT_SERVED, send(left, CWD, "scan", SAMPLES).exit());
        withDaemon(tmp, socket -> {
            assertEquals(left, socket);
            assertEquals(0, send(socket, CWD, Wire.STATUS).exit());
        });
    }

    @Test
    void aFolderOthersCanWriteIsRefused(@TempDir Path tmp) throws Exception {
        Path open = Files.createDirectory(tmp.resolve("open"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxrwxrwx")));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        DaemonServer server = new DaemonServer(open.resolve("d.sock"), Files.writeString(tmp.resolve("jar"), "1"), 60);
        IOException e = assertThrows(IOException.class, server::serve);
        assertTrue(e.getMessage().contains("rwx------"), e.getMessage());
        assertFalse(Files.exists(open.resolve("d.sock")));
    }
}
