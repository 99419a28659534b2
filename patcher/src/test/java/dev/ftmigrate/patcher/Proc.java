package dev.ftmigrate.patcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs git and patch for real, isolated from the user's configuration. */
final class Proc {
    record Out(int code, String output) {}

    static Out run(Path dir, String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(List.of(cmd)).directory(dir.toFile()).redirectErrorStream(true);
        var env = pb.environment();
        env.put("GIT_CONFIG_GLOBAL", "/dev/null");
        env.put("GIT_CONFIG_NOSYSTEM", "1");
        env.put("GIT_COMMITTER_NAME", "Test");
        env.put("GIT_COMMITTER_EMAIL", "test@example.com");
        env.put("GIT_AUTHOR_NAME", "Test");
        env.put("GIT_AUTHOR_EMAIL", "test@example.com");
        env.put("LC_ALL", "C");
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) { p.destroyForcibly(); throw new IOException("timeout: " + String.join(" ", cmd)); }
        return new Out(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** Runs and fails the test with the tool's output when it does not exit 0. */
    static String ok(Path dir, String... cmd) throws IOException, InterruptedException {
        Out o = run(dir, cmd);
        if (o.code() != 0) throw new AssertionError(String.join(" ", cmd) + " exited " + o.code() + ":\n" + o.output());
        return o.output();
    }

    /** Writes {@code bytes} to {@code root/rel}, creating directories. */
    static Path put(Path root, String rel, byte[] bytes) throws IOException {
        Path f = root.resolve(rel);
        Files.createDirectories(f.getParent());
        Files.write(f, bytes);
        return f;
    }

    private Proc() {}
}
