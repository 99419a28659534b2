package dev.ftmigrate.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The version the scan cache is keyed by: the release plus the identity of this build (the jar's
 * size and time, or the newest class file when run from class folders), so that any rebuild of
 * the analysis starts a fresh cache rather than trusting results an older build computed.
 */
final class ToolVersion {
    static final String RELEASE = "0.1.0";

    private ToolVersion() {}

    static String current() {
        StringBuilder sb = new StringBuilder(RELEASE);
        for (Class<?> c : new Class<?>[]{dev.ftmigrate.analyzer.ExtensionModel.class, dev.ftmigrate.rules.engine.Analysis.class}) {
            sb.append('+').append(build(c));
        }
        return sb.toString();
    }

    private static String build(Class<?> c) {
        try {
            Path p = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(p)) return Files.size(p) + "@" + Files.getLastModifiedTime(p).toMillis();
            try (Stream<Path> s = Files.walk(p)) {
                return "dev@" + s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().lastModified()).max().orElse(0);
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return "unknown@" + System.nanoTime(); // unknown build: never reuse its cache
        }
    }
}
