package dev.ftmigrate.cli;

import dev.ftmigrate.analyzer.CParser;
import dev.ftmigrate.analyzer.HostToolchain;
import dev.ftmigrate.analyzer.ModelBuilder;
import dev.ftmigrate.analyzer.ParseOptions;
import dev.ftmigrate.analyzer.SourceFile;
import dev.ftmigrate.analyzer.input.CacheDir;
import dev.ftmigrate.rules.RuleCatalog;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * What every scan does first, started on a thread of its own while the main thread reads the command
 * line: gcc's predefined macros (a gcc process, kept per process), and the parser's and the rules'
 * classes loaded and initialised by a parse of a few lines. In a fresh JVM that work otherwise waits
 * for picocli; it changes no result (the macros are the ones the scan would ask gcc for).
 */
final class Prewarm {
    private static final String SNIPPET = """
            static int calls;
            static PyObject *count(PyObject *self, PyObject *arg) { calls++; return PyLong_FromLong(calls); }
            """;

    private Prewarm() {}

    /**
     * Starts the warm-up for a scan or patch that will parse: one with {@code --no-cache}, or one run
     * where no cache folder is (a fresh checkout, CI). Where the cache folder is, most scans are
     * repeats the cache answers without parsing, and there the warm-up cost 6% of the time.
     */
    static void startFor(String[] args) {
        if (args.length == 0 || !(args[0].equals("scan") || args[0].equals("patch"))) return;
        if (!Arrays.asList(args).contains("--no-cache") && Files.isDirectory(Path.of(CacheDir.NAME))) return;
        Thread t = new Thread(Prewarm::run, "ftmigrate-prewarm");
        t.setDaemon(true);
        t.start();
    }

    private static void run() {
        try {
            HostToolchain.gccBuiltins();
            ModelBuilder.build(new CParser(ParseOptions.hermetic()).parse(SourceFile.ofText("prewarm.c", SNIPPET)));
            RuleCatalog.all();
        } catch (RuntimeException | LinkageError e) {
            // a warm-up only: the scan does the same work itself and reports what goes wrong
        }
    }
}
