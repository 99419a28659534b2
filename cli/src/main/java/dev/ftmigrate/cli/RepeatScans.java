package dev.ftmigrate.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * `bench --cold --repeat-scans`: what a pre-commit hook pays on the second run. The inputs are
 * copied to a temporary folder with a cache of their own; whole scan processes are then timed with
 * nothing changed, and with one line appended to the largest .c file before each run, each run
 * paired with the linter (on the copy). Run by the launcher, it then times the same two cases
 * through a daemon started for the copy (`ftmigrate daemon start` there), after warm-up requests.
 */
final class RepeatScans {
    /** JIT warm-up of a fresh daemon before it is timed: scans, alternately with and without an edit. */
    private static final int DAEMON_WARMUP = 8;

    private RepeatScans() {}

    static void run(List<String> launcher, List<Path> paths, int warmup, int runs, boolean daemon,
                    Callable<Long> linterOnCopy, Path[] copyRoot) throws Exception {
        Path copy = Files.createTempDirectory("ftmigrate-bench-repeat");
        try {
            List<String> cmd = new ArrayList<>(launcher);
            cmd.addAll(List.of("scan", "--output", copy.resolve("out.txt").toString(), "--fail-on", "never",
                    "--cache-dir", copy.resolve("cache").toString()));
            Path src = Files.createDirectories(copy.resolve("src"));
            for (Path p : paths) {
                Path to = src.resolve(p.toAbsolutePath().normalize().getFileName().toString());
                copyTree(p, to);
                cmd.add(to.toString());
            }
            copyRoot[0] = src;
            Path edited;
            try (Stream<Path> s = Files.walk(src)) {
                edited = s.filter(f -> f.toString().endsWith(".c") && Files.isRegularFile(f))
                        .max(Comparator.comparingLong(f -> f.toFile().length())).orElse(null);
            }
            BenchCommand.time(cmd, null, false);   // fills the cache
            pairs("repeat scan", cmd, null, false, edited, src, warmup, runs, linterOnCopy);
            if (!daemon) return;
            // The daemon serves one folder: the copy's scans run there, with their paths made relative to it.
            List<String> here = new ArrayList<>(cmd.subList(0, cmd.size() - paths.size()));
            for (String p : cmd.subList(cmd.size() - paths.size(), cmd.size())) here.add(copy.relativize(Path.of(p)).toString());
            List<String> start = new ArrayList<>(launcher), stop = new ArrayList<>(launcher);
            start.addAll(List.of("daemon", "start"));
            stop.addAll(List.of("daemon", "stop"));
            BenchCommand.time(start, copy, true);
            int rounds = Math.max(warmup, DAEMON_WARMUP / 2);   // each round scans twice
            try {
                pairs("repeat scan through the daemon (after " + 2 * rounds + " warm-up scans)", here, copy, true, edited, src,
                        rounds, runs, linterOnCopy);
            } finally {
                BenchCommand.time(stop, copy, true);
            }
        } finally {
            try (Stream<Path> s = Files.walk(copy)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    /** Times `cmd` with nothing changed and after a one-line edit, each paired with the linter, and prints both. */
    private static void pairs(String what, List<String> cmd, Path dir, boolean daemon, Path edited, Path src, int warmup, int runs,
                              Callable<Long> linterOnCopy) throws Exception {
        List<Double> same = new ArrayList<>(), edit = new ArrayList<>();
        long sameTotal = 0, editTotal = 0;
        for (int i = 0; i < warmup + runs; i++) {
            long a = BenchCommand.time(cmd, dir, daemon), l1 = linterOnCopy.call();
            long b = 0, l2 = 1;
            if (edited != null) {
                Files.writeString(edited, "/* ftmigrate bench edit " + i + " */\n", java.nio.file.StandardOpenOption.APPEND);
                b = BenchCommand.time(cmd, dir, daemon);
                l2 = linterOnCopy.call();
            }
            if (i < warmup) continue;
            same.add((double) a / l1);
            edit.add((double) b / l2);
            sameTotal += a;
            editTotal += b;
        }
        same.sort(null);
        edit.sort(null);
        System.out.printf("%s, nothing changed: mean %.3f s; ratio to the linter, paired: median %.2f (min %.2f, max %.2f)%n",
                what, sameTotal / 1e9 / runs, same.get(runs / 2), same.get(0), same.get(runs - 1));
        if (edited != null) {
            System.out.printf("%s, one line appended to %s each run: mean %.3f s; ratio to the linter, paired: median %.2f (min %.2f, max %.2f)%n",
                    what, src.relativize(edited), editTotal / 1e9 / runs, edit.get(runs / 2), edit.get(0), edit.get(runs - 1));
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) Files.createDirectories(t);
                else if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) Files.copy(p, t);
            }
        }
    }
}
