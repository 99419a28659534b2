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
 * paired with the linter (on the copy).
 */
final class RepeatScans {
    /** Times one process; the argument is the command. */
    interface Timer { long time(List<String> cmd) throws IOException, InterruptedException; }

    private RepeatScans() {}

    static void run(List<String> launcher, List<Path> paths, int warmup, int runs, Timer timer,
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
            timer.time(cmd);   // fills the cache
            List<Double> same = new ArrayList<>(), edit = new ArrayList<>();
            long sameTotal = 0, editTotal = 0;
            for (int i = 0; i < warmup + runs; i++) {
                long a = timer.time(cmd), l1 = linterOnCopy.call();
                long b = 0, l2 = 1;
                if (edited != null) {
                    Files.writeString(edited, "/* ftmigrate bench edit " + i + " */\n", java.nio.file.StandardOpenOption.APPEND);
                    b = timer.time(cmd);
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
            System.out.printf("repeat scan, nothing changed: mean %.3f s; ratio to the linter, paired: median %.2f (min %.2f, max %.2f)%n",
                    sameTotal / 1e9 / runs, same.get(runs / 2), same.get(0), same.get(runs - 1));
            if (edited != null) {
                System.out.printf("repeat scan, one line appended to %s each run: mean %.3f s; ratio to the linter, paired: median %.2f (min %.2f, max %.2f)%n",
                        src.relativize(edited), editTotal / 1e9 / runs, edit.get(runs / 2), edit.get(0), edit.get(runs - 1));
            }
        } finally {
            try (Stream<Path> s = Files.walk(copy)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
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
