package dev.ftmigrate.cli;

import dev.ftmigrate.cli.fuzz.FuzzCorpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code patch --apply --backup} killed with SIGKILL at random points (seeded), then run again, ends
 * exactly where a clean run ends: the same bytes in every source, every backup the true original, no
 * temp file, no empty or numbered backup.
 */
class ApplyKillTest {
    static final int COPIES = 4;
    static final int KILLS = 4;

    @TempDir Path tmp;

    /** The samples' sources, COPIES times over, in a fresh tree. */
    private Path tree(String name) throws IOException {
        Path root = tmp.resolve(name);
        List<Path> samples = FuzzCorpus.samples();
        for (int k = 0; k < COPIES; k++) {
            for (int i = 0; i < samples.size(); i++) {
                Path to = root.resolve("copy" + k).resolve(i + "_" + samples.get(i).getFileName());
                Files.createDirectories(to.getParent());
                Files.copy(samples.get(i), to);
            }
        }
        return root;
    }

    private static Map<String, byte[]> files(Path root) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) out.put(root.relativize(p).toString(), Files.readAllBytes(p));
        }
        return out;
    }

    @Test
    void killedApplyThenRerunEqualsACleanRun() throws Exception {
        Path original = tree("original");
        Map<String, byte[]> before = files(original);
        Path clean = tree("clean");
        CliRun ok = CliRun.of("patch", clean.toString(), "--apply", "--backup", "--unsafe-fixes");
        assertEquals(0, ok.exit(), ok.err());
        Map<String, byte[]> expected = files(clean);
        assertTrue(expected.keySet().stream().anyMatch(k -> k.endsWith(".orig")), "the clean run patched something");

        SplittableRandom rnd = new SplittableRandom(7);
        int killedMidWrite = 0;
        for (int k = 0; k < KILLS; k++) {
            Path t = tree("killed" + k);
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                    "patch", t.toString(), "--apply", "--backup", "--unsafe-fixes")
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("killed" + k + ".log").toFile()).start();
            // Wait for the run to reach its write phase (a temp file or a backup appears), then a random delay.
            long until = System.nanoTime() + 60_000_000_000L;
            while (p.isAlive() && System.nanoTime() < until && !writing(t)) Thread.sleep(2);
            Thread.sleep(rnd.nextInt(0, 40));
            p.destroyForcibly();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            if (!files(t).equals(before)) killedMidWrite++;
            CliRun again = CliRun.of("patch", t.toString(), "--apply", "--backup", "--unsafe-fixes");
            assertEquals(0, again.exit(), again.err());
            Map<String, byte[]> got = files(t);
            List<String> diffs = new ArrayList<>();
            for (String f : union(expected, got)) {
                if (!got.containsKey(f) || !expected.containsKey(f) || !java.util.Arrays.equals(got.get(f), expected.get(f))) diffs.add(f);
            }
            assertEquals(List.of(), diffs, "round " + k + ": differs from the clean run");
        }
        System.err.println("apply kill test: " + KILLS + " kills, " + killedMidWrite + " of them after some file was written");
    }

    private static boolean writing(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.anyMatch(p -> p.getFileName().toString().contains("ftmigrate-tmp") || p.getFileName().toString().endsWith(".orig"));
        }
    }

    private static List<String> union(Map<String, byte[]> a, Map<String, byte[]> b) {
        java.util.TreeSet<String> s = new java.util.TreeSet<>(a.keySet());
        s.addAll(b.keySet());
        return List.copyOf(s);
    }
}
