package dev.ftmigrate.analyzer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** What the host offers the default mode: gcc's predefined macros and an installed pyconfig.h. */
public final class HostToolchain {
    private static volatile Map<String, String> gccMacros;

    private HostToolchain() {}

    /** gcc -dM -E of an empty file, once per process; empty when gcc is missing. */
    public static Map<String, String> gccBuiltins() {
        Map<String, String> m = gccMacros;
        if (m != null) return m;
        m = new LinkedHashMap<>();
        try {
            Process p = new ProcessBuilder("gcc", "-dM", "-E", "-x", "c", "/dev/null")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0) m = MacroTable.parseDefines(out);
        } catch (IOException e) {
            // no gcc: the default mode still works, with fewer #if branches resolved
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        gccMacros = m;
        return m;
    }

    /** The newest /usr/include/python3.X/pyconfig.h (or under /usr/local/include), if any. */
    public static Optional<Path> pyconfig() {
        for (String root : new String[] {"/usr/include", "/usr/local/include"}) {
            try (Stream<Path> s = Files.list(Path.of(root))) {
                Optional<Path> p = s.filter(d -> d.getFileName().toString().matches("python3\\.\\d+"))
                        .map(d -> d.resolve("pyconfig.h")).filter(Files::isRegularFile)
                        .max(Comparator.comparingInt(HostToolchain::minor));
                if (p.isPresent()) return p;
            } catch (IOException | RuntimeException e) {
                // try the next root
            }
        }
        return Optional.empty();
    }

    private static int minor(Path pyconfig) {
        String d = pyconfig.getParent().getFileName().toString();
        return Integer.parseInt(d.substring(d.indexOf('.') + 1));
    }
}
