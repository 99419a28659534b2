package dev.ftmigrate.runtime;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Shared by the integration tests: provisions the real runtime once per JVM (minutes when cold, then cached in
 * {@code FTMIGRATE_CACHE} or {@code ~/.cache/ftmigrate}). When the machine cannot (no apt, no compiler), the
 * tests are skipped with the reason printed, never silently passed.
 */
final class RuntimeFixture {
    private static final Map<Boolean, Object> RUNTIMES = new HashMap<>();
    static final Progress LOG = m -> System.err.println("[runtime-harness] " + m);

    private RuntimeFixture() {}

    static RuntimeCache cache() { return RuntimeCache.defaultCache(); }

    static synchronized Interpreter runtime(boolean tsan) {
        Object o = RUNTIMES.computeIfAbsent(tsan, t -> {
            long t0 = System.nanoTime();
            try {
                Interpreter i = new Provisioner(cache(), LOG).ensure(t);
                LOG.step(String.format("%s runtime ready in %.1f s: %s", t ? "TSan" : "free-threaded",
                        (System.nanoTime() - t0) / 1e9, i.executable()));
                return i;
            } catch (EnvironmentUnavailable e) {
                return e;
            } catch (IOException e) {
                throw new HarnessException("provisioning failed: " + e);
            }
        });
        if (o instanceof EnvironmentUnavailable e) skip("cannot provision the " + (tsan ? "TSan " : "") + "runtime: " + e.getMessage());
        return (Interpreter) o;
    }

    static Interpreter gil() {
        try {
            return Interpreter.findGil();
        } catch (HarnessException e) {
            skip("no GIL interpreter with headers: " + e.getMessage());
            return null;
        }
    }

    static void skip(String why) {
        System.err.println("SKIPPED (visible): " + why);
        Assumptions.abort(why);
    }

    static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("sample-extensions"))) p = p.getParent();
        if (p == null) throw new IllegalStateException("sample-extensions/ not found above " + Path.of("").toAbsolutePath());
        return p;
    }

    static Path sample(String name) { return repoRoot().resolve("sample-extensions").resolve(name); }

    static Path testResource(String rel) { return Path.of("src/test/resources").resolve(rel).toAbsolutePath(); }

    static BuiltExtension build(Path source, Interpreter py, Path out) throws IOException {
        try {
            return new ExtensionBuilder(LOG).build(source, null, py, out);
        } catch (EnvironmentUnavailable e) {
            skip(e.getMessage());
            return null;
        }
    }
}
