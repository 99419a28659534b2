package dev.ftmigrate.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The subreaper helper ({@code reaper.c}, shipped as a resource): compiled once per JVM with the C
 * compiler the harness builds extensions with. Null when there is no compiler; then {@link Exec} falls
 * back to a session of its own plus a kill of the process group and of every descendant it can see.
 */
final class Reaper {
    private static Path binary;
    private static boolean tried;

    private Reaper() {}

    static synchronized Path binary() {
        if (tried) return binary;
        tried = true;
        try {
            String cc = System.getenv().getOrDefault("CC", "cc");
            if (Exec.which(cc) == null) cc = "gcc";
            if (Exec.which(cc) == null) return null;
            Path dir = TempDirs.create("reaper");
            Path src = dir.resolve("reaper.c");
            try (InputStream in = Reaper.class.getResourceAsStream("reaper.c")) {
                if (in == null) return null;
                Files.copy(in, src);
            }
            Path exe = dir.resolve("ftmigrate-reaper");
            Exec.Result r = Exec.capture(List.of(cc, "-O2", "-o", exe.toString(), src.toString()), dir, Map.of(), 60);
            if (r.ok() && Files.isExecutable(exe)) binary = exe;
        } catch (IOException | RuntimeException e) {
            binary = null;
        }
        return binary;
    }
}
