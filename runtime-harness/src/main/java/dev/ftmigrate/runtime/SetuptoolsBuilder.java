package dev.ftmigrate.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Builds a setuptools project for one interpreter: a venv of that interpreter (pip from its bundled wheel),
 * setuptools and wheel from pip's configured index, then {@code pip wheel --no-build-isolation --no-deps}, and
 * the wheel unpacked into a directory that goes on {@code sys.path} of the base interpreter.
 */
final class SetuptoolsBuilder {
    private final Progress progress;

    SetuptoolsBuilder(Progress progress) { this.progress = progress; }

    BuiltExtension build(Path project, String module, Interpreter py, Path outDir) throws IOException {
        long t0 = System.nanoTime();
        Path log = outDir.resolve("build.log");
        Path venv = outDir.resolve("venv");
        Map<String, String> env = new HashMap<>();
        env.put("LC_ALL", "C");
        env.put("PIP_DISABLE_PIP_VERSION_CHECK", "1");
        env.put("PYTHONNOUSERSITE", "1");
        if (py.tsan() && py.suppressions() != null) {
            env.put("TSAN_OPTIONS", "suppressions=" + py.suppressions() + " report_bugs=0");
        }
        progress.step("setuptools build of " + project + " for " + py.label() + " (log: " + log + ")");
        run(List.of(py.executable().toString(), "-m", "venv", venv.toString()), outDir, env, log, "venv creation");
        String vpy = venv.resolve("bin/python").toString();
        run(List.of(vpy, "-m", "pip", "install", "-q", "setuptools", "wheel"), outDir, env, log,
                "installing setuptools and wheel from pip's configured index");
        Path wheels = outDir.resolve("wheels");
        run(List.of(vpy, "-m", "pip", "wheel", "--no-build-isolation", "--no-deps", "-w", wheels.toString(),
                project.toString()), project, env, log, "pip wheel");
        Path site = outDir.resolve("site");
        List<Path> sources = new ArrayList<>();
        try (Stream<Path> s = Files.list(wheels)) {
            for (Path w : s.filter(p -> p.toString().endsWith(".whl")).toList()) unzip(w, site);
        }
        try (Stream<Path> s = Files.walk(project)) {
            s.filter(p -> p.toString().endsWith(".c") && !p.toString().contains("/build/"))
                    .map(p -> p.toAbsolutePath().normalize()).sorted().forEach(sources::add);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        progress.step(String.format("built %s for %s in %.1f s", module, py.label(), secs));
        return new BuiltExtension(module, site, project, List.copyOf(sources),
                "pip wheel --no-build-isolation --no-deps " + project, secs);
    }

    private static void run(List<String> cmd, Path dir, Map<String, String> env, Path log, String what)
            throws IOException {
        Exec.Result r = Exec.logged(cmd, dir, env, 1200, log);
        if (!r.ok()) throw new HarnessException(what + " failed", log);
    }

    private static void unzip(Path wheel, Path dest) throws IOException {
        try (ZipInputStream z = new ZipInputStream(Files.newInputStream(wheel))) {
            ZipEntry e;
            while ((e = z.getNextEntry()) != null) {
                Path out = dest.resolve(e.getName()).normalize();
                if (!out.startsWith(dest)) throw new IOException("bad wheel entry " + e.getName());
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                } else {
                    Files.createDirectories(out.getParent());
                    Files.copy((InputStream) z, out, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
