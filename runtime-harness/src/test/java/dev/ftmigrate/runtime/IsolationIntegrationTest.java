package dev.ftmigrate.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nothing a workload starts outlives its repetition, whatever ends it: the repetition itself, its memory
 * limit, SIGTERM or SIGKILL to ftmigrate. Real runtime, real processes.
 */
class IsolationIntegrationTest {
    @TempDir Path tmp;

    private Path spawnWorkload(Path pids) throws IOException {
        Path w = tmp.resolve("spawn_workload.py");
        Files.writeString(w, Files.readString(RuntimeFixture.testResource("ext/spawn_workload.py")).replace("FTM_PIDS", pids.toString()));
        return w;
    }

    private BuiltExtension counter(Interpreter ft) throws IOException {
        return RuntimeFixture.build(RuntimeFixture.sample("racy_counter").resolve("fixed/racy_counter.c"), ft, tmp.resolve("build"));
    }

    private static List<Long> pids(Path f) throws IOException {
        List<Long> out = new ArrayList<>();
        for (String s : Files.readString(f).trim().split(" ")) out.add(Long.parseLong(s));
        return out;
    }

    private static void assertAllGone(List<Long> pids) throws InterruptedException {
        long until = System.nanoTime() + 5_000_000_000L;
        for (long pid : pids) {
            while (alive(pid) && System.nanoTime() < until) Thread.sleep(50);
            assertFalse(alive(pid), "process " + pid + " outlived its repetition");
        }
    }

    private static boolean alive(long pid) {
        // a zombie is dead for this purpose; /proc/PID/stat state 'Z'
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void childrenAndDaemonsAreKilledWhenTheRepetitionEnds() throws Exception {
        Interpreter ft = RuntimeFixture.runtime(false);
        Path pidFile = tmp.resolve("pids.txt");
        List<Repetition> reps = new StressRunner(RuntimeFixture.LOG).run(counter(ft), ft,
                new StressOptions(spawnWorkload(pidFile), 2, 5, 1, 60, false));
        assertEquals(Outcome.PASS, reps.get(0).outcome(), reps.toString());
        assertTrue(reps.get(0).message().contains("left 2 process(es) running, killed"), reps.get(0).message());
        List<Long> pids = pids(pidFile);
        assertEquals(2, pids.size());
        assertAllGone(pids);
    }

    @Test
    void theExitStatusDecidesOverAPassRecord() throws IOException {
        Interpreter ft = RuntimeFixture.runtime(false);
        Repetition r = new StressRunner(RuntimeFixture.LOG).run(counter(ft), ft,
                new StressOptions(RuntimeFixture.testResource("ext/fake_pass_workload.py"), 2, 5, 1, 60, false)).get(0);
        assertEquals(Outcome.CRASH, r.outcome(), r.toString());
        assertEquals(11, r.signal());
    }

    @Test
    void aRepetitionOverItsMemoryLimitIsOutOfMemory() throws Exception {
        Interpreter ft = RuntimeFixture.runtime(false);
        Repetition r = new StressRunner(RuntimeFixture.LOG).run(counter(ft), ft,
                new StressOptions(RuntimeFixture.testResource("ext/hog_workload.py"), 2, 5, 1, 60, false, 256L << 20)).get(0);
        assertEquals(Outcome.OUT_OF_MEMORY, r.outcome(), r.toString());
        assertTrue(r.seconds() < 30, "killed promptly: " + r);
        // the same workload passes with room to spare
        Repetition ok = new StressRunner(RuntimeFixture.LOG).run(counter(ft), ft,
                new StressOptions(RuntimeFixture.testResource("ext/hog_workload.py"), 2, 5, 1, 60, false, 4L << 30)).get(0);
        assertEquals(Outcome.PASS, ok.outcome(), ok.toString());
    }

    @Test
    void sigtermToTheHarnessKillsTheWorkloadAndRemovesItsFolders() throws Exception {
        stopTheHarness(false);
    }

    @Test
    void sigkillToTheHarnessKillsTheWorkloadAndTheNextRunSweepsItsFolders() throws Exception {
        stopTheHarness(true);
    }

    /** Runs a stress in a child JVM (its own temp folder), stops it mid-repetition, checks what is left. */
    private void stopTheHarness(boolean kill) throws Exception {
        Interpreter ft = RuntimeFixture.runtime(false);
        BuiltExtension ext = counter(ft);
        Path pidFile = tmp.resolve("pids.txt");
        Path jvmTmp = Files.createDirectories(tmp.resolve("jvm-tmp"));
        Path workload = spawnWorkload(pidFile);
        Files.writeString(workload, Files.readString(workload).replace("time.sleep(0.01)", "time.sleep(1)"));
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + jvmTmp, "-cp", System.getProperty("java.class.path"),
                StressMain.class.getName(), ft.executable().toString(), ext.importDir().toString(), ext.module(), workload.toString());
        Process jvm = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("jvm.log").toFile()).start();
        long until = System.nanoTime() + 120_000_000_000L;
        while (!(Files.exists(pidFile) && Files.readString(pidFile).trim().split(" ").length == 2) && System.nanoTime() < until) Thread.sleep(100);
        assertTrue(Files.exists(pidFile), "the workload started: " + Files.readString(tmp.resolve("jvm.log")));
        List<Long> pids = new ArrayList<>(pids(pidFile));
        jvm.descendants().filter(h -> h.info().command().orElse("").contains("python")).forEach(h -> pids.add(h.pid()));
        if (kill) jvm.destroyForcibly(); else jvm.destroy();
        assertTrue(jvm.waitFor(30, TimeUnit.SECONDS));
        assertAllGone(pids);
        try (Stream<Path> s = Files.list(jvmTmp)) {
            List<Path> left = s.filter(p -> p.getFileName().toString().startsWith("ftmigrate-")).toList();
            if (!kill) {
                assertEquals(List.of(), left, "SIGTERM: the shutdown hook removed the temp folders");
            } else {
                assertFalse(left.isEmpty(), "SIGKILL leaves folders (no hook runs)");
                assertEquals(left.size(), TempDirs.sweep(jvmTmp), "the next run removes a dead run's folders");
            }
        }
    }
}
