package dev.ftmigrate.runtime;

import java.nio.file.Path;
import java.util.List;

/** A stress run in its own JVM, for the signal tests: PYTHON IMPORT_DIR MODULE WORKLOAD. */
public final class StressMain {
    private StressMain() {}

    public static void main(String[] a) throws Exception {
        Interpreter py = Interpreter.probe(Path.of(a[0]), null);
        BuiltExtension ext = new BuiltExtension(a[2], Path.of(a[1]), Path.of(a[1]), List.of(), "", 0);
        new StressRunner(m -> System.err.println(m)).run(ext, py, new StressOptions(Path.of(a[3]), 2, 1000, 5, 120, false));
    }
}
