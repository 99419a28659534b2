package dev.ftmigrate.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reports and patches never replace what is not a regular file, and --apply never harms a file. */
class OutputSafetyTest {
    static final String C = "static int n; int f(PyObject *o) { n++; return o->ob_refcnt; }\n";

    @TempDir Path tmp;

    private Path source() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(src.resolve("m.c"), C);
        return src;
    }

    private static void mkfifo(Path p) throws Exception {
        assertEquals(0, new ProcessBuilder("mkfifo", p.toString()).start().waitFor());
    }

    private List<Path> tempFiles() throws IOException {
        try (Stream<Path> s = Files.walk(tmp)) {
            return s.filter(p -> p.getFileName().toString().contains("ftmigrate-tmp")).toList();
        }
    }

    @Test
    void reportsGoToDevicesAndFifosDirectlyAndThroughLinks() throws Exception {
        Path src = source();
        CliRun dn = CliRun.of("scan", src.toString(), "--output", "/dev/null", "--fail-on", "never");
        assertEquals(0, dn.exit(), dn.err());
        assertFalse(Files.isRegularFile(Path.of("/dev/null")), "/dev/null is still a device");

        Path fifo = tmp.resolve("report.fifo");
        mkfifo(fifo);
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = Files.newInputStream(fifo)) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        CliRun viaFifo = CliRun.of("scan", src.toString(), "--output", fifo.toString(), "--format", "json", "--fail-on", "never");
        assertEquals(0, viaFifo.exit(), viaFifo.err());
        assertTrue(reader.get(30, TimeUnit.SECONDS).contains("\"FT101\""));
        assertTrue(Files.readAttributes(fifo, java.nio.file.attribute.BasicFileAttributes.class).isOther(), "still a FIFO");

        Path real = tmp.resolve("real.json");
        Files.writeString(real, "old");
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rw-rw-r--"));
        Path link = tmp.resolve("link.json");
        Files.createSymbolicLink(link, real);
        assertEquals(0, CliRun.of("scan", src.toString(), "--output", link.toString(), "--format", "json", "--fail-on", "never").exit());
        assertTrue(Files.isSymbolicLink(link), "the link stays a link");
        assertTrue(Files.readString(real).contains("\"FT101\""), "its target got the report");
        assertEquals("rw-rw-r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(real)), "mode kept");

        Path fresh = tmp.resolve("new.sarif");
        assertEquals(0, CliRun.of("scan", src.toString(), "--output", fresh.toString(), "--format", "sarif", "--fail-on", "never").exit());
        assertTrue(Files.getPosixFilePermissions(fresh).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ),
                "a new report has the usual mode, not 0600");
        assertEquals(List.of(), tempFiles());
    }

    @Test
    void devStdoutIsWrittenIntoTheRedirectionNotReplaced() throws Exception {
        Path src = source();
        Path out = tmp.resolve("appended.txt");
        Files.writeString(out, "HEAD\n");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "scan", src.toString(), "--output", "/dev/stdout", "--format", "json", "--fail-on", "never")
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile())).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        assertEquals(0, p.waitFor());
        String text = Files.readString(out);
        assertTrue(text.startsWith("HEAD\n{"), "appended after what was there (like >>): " + text);
        assertTrue(text.contains("\"FT101\""));
    }

    @Test
    void applyRefusesReadOnlyFilesAndLinksLeavingTheTreeUnlessForced() throws Exception {
        Path src = source();
        Path m = src.resolve("m.c");
        Files.setPosixFilePermissions(m, PosixFilePermissions.fromString("r--r--r--"));
        CliRun ro = CliRun.of("patch", src.toString(), "--apply");
        assertEquals(2, ro.exit());
        assertTrue(ro.err().contains(m + " is read-only"), ro.err());
        assertEquals(C, Files.readString(m), "nothing written");
        CliRun forced = CliRun.of("patch", src.toString(), "--apply", "--force");
        assertEquals(0, forced.exit(), forced.err());
        assertTrue(Files.readString(m).contains("Py_REFCNT(o)"));
        assertEquals("r--r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(m)), "mode kept");

        Path outside = Files.createDirectories(tmp.resolve("outside")).resolve("o.c");
        Files.writeString(outside, C);
        Path tree = Files.createDirectories(tmp.resolve("tree"));
        Path link = tree.resolve("l.c");
        Files.createSymbolicLink(link, outside);
        CliRun named = CliRun.of("patch", link.toString(), "--apply");
        assertEquals(2, named.exit());
        assertTrue(named.err().contains("outside the scanned tree"), named.err());
        assertEquals(C, Files.readString(outside));
        assertEquals(0, CliRun.of("patch", link.toString(), "--apply", "--force").exit());
        assertTrue(Files.isSymbolicLink(link));
        assertTrue(Files.readString(outside).contains("Py_REFCNT(o)"));
        assertEquals(List.of(), tempFiles());
    }

    @Test
    void applyKeepsTheOwner() throws Exception {
        Path src = source();
        Path m = src.resolve("m.c");
        UserPrincipal nobody;
        try {
            nobody = m.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
            Files.setOwner(m, nobody);
        } catch (IOException e) {
            // not root: a file of someone else's is refused instead (same check, other branch)
            return;
        }
        CliRun run = CliRun.of("patch", src.toString(), "--apply");
        assertEquals(0, run.exit(), run.err());
        assertTrue(Files.readString(m).contains("Py_REFCNT(o)"));
        assertEquals(nobody, Files.getOwner(m, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aLaterRunRemovesADeadRunsTempFilesAndBackupsAreNeverEmpty() throws Exception {
        Path src = source();
        Path leftover = src.resolve(".m.c.ftmigrate-tmp.999999999");
        Files.writeString(leftover, "half a file");
        CliRun run = CliRun.of("patch", src.toString(), "--apply", "--backup");
        assertEquals(0, run.exit(), run.err());
        assertFalse(Files.exists(leftover), "the dead run's temp file is gone");
        assertEquals(C, Files.readString(src.resolve("m.c.orig")));
        assertEquals(List.of(), tempFiles());
    }

    @Test
    void outputDirRemovesTheStaleFilesOfItsPreviousSeries() throws Exception {
        Path src = source();
        Path out = tmp.resolve("patches");
        assertEquals(0, CliRun.of("patch", src.toString(), "--unsafe-fixes", "--output-dir", out.toString()).exit());
        List<String> first = Files.readAllLines(out.resolve(".ftmigrate-series"));
        assertFalse(first.isEmpty());
        for (String f : first) assertTrue(Files.exists(out.resolve(f)), f);
        // an earlier series had one more patch; and the user keeps a file of their own there
        Files.writeString(out.resolve("0009-old-series.patch"), "stale");
        Files.writeString(out.resolve(".ftmigrate-series"), String.join("\n", first) + "\n0009-old-series.patch\n");
        Files.writeString(out.resolve("notes.txt"), "mine");
        assertEquals(0, CliRun.of("patch", src.toString(), "--output-dir", out.toString()).exit());
        assertFalse(Files.exists(out.resolve("0009-old-series.patch")), "stale patch removed");
        assertTrue(Files.exists(out.resolve("notes.txt")), "files not in a series are left alone");
        try (Stream<Path> s = Files.list(out)) {
            List<String> patches = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".patch")).sorted().toList();
            assertEquals(Files.readAllLines(out.resolve(".ftmigrate-series")), patches, "exactly the manifest's series");
        }
    }

    @Test
    void skippedEntriesAreWarnedWithTheReason() throws Exception {
        Path src = source();
        mkfifo(src.resolve("pipe.c"));
        Files.createSymbolicLink(src.resolve("link.c"), src.resolve("m.c"));
        Files.createSymbolicLink(src.resolve("sub"), tmp);
        CliRun run = CliRun.of("scan", src.toString(), "--format", "json", "--fail-on", "never");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.err().contains("pipe.c: special file (FIFO, device or socket), not followed"), run.err());
        assertTrue(run.err().contains("link.c: symbolic link, not followed"), run.err());
        assertTrue(run.err().contains("sub: skipped: symbolic link, not followed"), run.err());
        assertTrue(run.out().contains("pipe.c") && run.out().contains("link.c"), "C sources left out are in the report too");
    }
}
