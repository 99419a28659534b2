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
        pinIndex(vpy, env);
        // The project's [build-system] requires too: a venv's bundled setuptools can be older than it needs.
        List<String> install = new ArrayList<>(List.of(vpy, "-m", "pip", "install", "-q", "setuptools", "wheel"));
        install.addAll(ProjectBuilder.requires(project));
        run(install, outDir, env, log, "installing setuptools and wheel from pip's configured index");
        Path wheels = outDir.resolve("wheels");
        // Build from a copy: pip builds in-tree and would leave build/ and *.egg-info in the user's project.
        Path copy = outDir.resolve("src");
        copyProject(project, copy);
        run(List.of(vpy, "-m", "pip", "wheel", "--no-build-isolation", "--no-deps", "-w", wheels.toString(),
                copy.toString()), copy, env, log, "pip wheel");
        Path site = outDir.resolve("site");
        List<Path> sources = new ArrayList<>();
        try (Stream<Path> s = Files.list(wheels)) {
            for (Path w : s.filter(p -> p.toString().endsWith(".whl")).toList()) unzip(w, site);
        }
        try (Stream<Path> s = Files.walk(project)) {
            s.filter(p -> p.toString().endsWith(".c") && !p.toString().contains("/build/"))
                    .map(p -> p.toAbsolutePath().normalize()).sorted().forEach(sources::add);
        }
        if (module == null) module = builtModules(site, py.extSuffix(), log);
        double secs = (System.nanoTime() - t0) / 1e9;
        progress.step(String.format("built %s for %s in %.1f s", module, py.label(), secs));
        return new BuiltExtension(module, site, project, List.copyOf(sources),
                "pip wheel --no-build-isolation --no-deps " + project, secs);
    }

    /**
     * When the machine's pip configuration names only extra indexes (the default index being unreachable), use the
     * first of them as the index so pip does not wait on an index it cannot reach. Nothing is hard-coded: the
     * URLs come from {@code pip config list}; PIP_INDEX_URL set by the user wins.
     */
    static void pinIndex(String python, Map<String, String> env) throws IOException {
        if (System.getenv("PIP_INDEX_URL") != null) return;
        Exec.Result r = Exec.capture(List.of(python, "-m", "pip", "config", "list"), null, env, 120);
        String index = null;
        String extra = null;
        for (String line : r.stdout().split("\n")) {
            int eq = line.indexOf('=');
            if (eq < 0) continue;
            String key = line.substring(0, eq).strip();
            String val = line.substring(eq + 1).strip().replaceAll("^'|'$", "");
            if (key.endsWith(".index-url")) index = val;
            if (key.endsWith(".extra-index-url")) extra = val;
        }
        if (index == null && extra != null && !extra.isBlank()) {
            String[] urls = extra.split("\\s+");
            env.put("PIP_INDEX_URL", urls[0]);
            if (urls.length > 1) env.put("PIP_EXTRA_INDEX_URL", String.join(" ", java.util.Arrays.copyOfRange(urls, 1, urls.length)));
        }
    }

    private static final java.util.Set<String> SKIP = java.util.Set.of("build", "dist", ".git", "__pycache__", ".venv",
            "venv", ".tox", ".nox");

    static void copyProject(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path rel = from.relativize(p);
                boolean skip = false;
                for (Path part : rel) {
                    String n = part.toString();
                    if (SKIP.contains(n) || n.endsWith(".egg-info")) skip = true;
                }
                if (skip) continue;
                Path dest = to.resolve(rel.toString());
                if (Files.isDirectory(p)) Files.createDirectories(dest);
                else Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /**
     * The import names of the extension modules the wheel holds, comma-separated in sorted order: the driver
     * imports each (the GIL must stay off after every one) and the smoke workload probes them all.
     */
    static String builtModules(Path site, String suffix, Path log) throws IOException {
        List<String> mods;
        try (Stream<Path> s = Files.walk(site)) {
            mods = s.filter(p -> p.getFileName().toString().endsWith(suffix))
                    .map(p -> {
                        String rel = site.relativize(p).toString();
                        return rel.substring(0, rel.length() - suffix.length()).replace('/', '.');
                    }).sorted().toList();
        }
        if (mods.isEmpty()) throw new HarnessException("the project built no extension module", log);
        return String.join(",", mods);
    }

    private static void run(List<String> cmd, Path dir, Map<String, String> env, Path log, String what)
            throws IOException {
        Exec.Result r = Exec.logged(cmd, dir, env, 1200, log);
        if (!r.ok()) throw new HarnessException(what + " failed", log);
    }

    static void unzip(Path wheel, Path dest) throws IOException {
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
