package dev.ftmigrate.cli;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The version the scan cache is keyed by: the release plus the identity of this build, so that a
 * change to the analysis starts a fresh cache rather than trusting results an older build computed.
 * The shipped jar carries a digest of its contents (written by the build, cli/src/build/FinishJar.java):
 * rebuilding the same sources, as a CI job does on every run, keeps the cache. Run from class folders
 * (tests) or from a jar without one, it is the jar's size and time or the newest class file's time.
 */
final class ToolVersion {
    static final String RELEASE = "0.1.0";

    private ToolVersion() {}

    /** Where the build writes the jar's content digest. */
    static final String BUILD_ID = "/META-INF/ftmigrate/build-id";

    static String current() {
        try (java.io.InputStream in = ToolVersion.class.getResourceAsStream(BUILD_ID)) {
            if (in != null) {
                String id = new String(in.readNBytes(64), java.nio.charset.StandardCharsets.US_ASCII).strip();
                if (id.matches("[0-9a-f]{16,64}")) return RELEASE + "+" + id;
            }
        } catch (IOException e) {
            // no id: the build's time below
        }
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
