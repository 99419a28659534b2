package dev.ftmigrate.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Builds any target for one interpreter: {@code .c} files and setuptools projects through {@link ExtensionBuilder},
 * meson-python and scikit-build-core projects (by {@code [build-system] build-backend}) in a venv of the interpreter
 * with the backend's requirements from pip's configured index and {@code pip wheel --no-build-isolation}. A failed
 * build whose log names a missing system header or library says which one ({@link BuildDiagnosis}).
 */
public final class ProjectBuilder {
    /** The build systems a project can use. */
    public enum BuildSystem { C_SOURCES, SETUPTOOLS, MESON_PYTHON, SCIKIT_BUILD_CORE }

    private final Progress progress;

    public ProjectBuilder(Progress progress) { this.progress = progress; }

    public static BuildSystem systemOf(Path target) {
        if (ExtensionBuilder.kindOf(target) != ExtensionBuilder.Kind.SETUPTOOLS) return BuildSystem.C_SOURCES;
        String backend = buildSystem(target).path("build-backend").asText("");
        if (backend.startsWith("mesonpy")) return BuildSystem.MESON_PYTHON;
        if (backend.startsWith("scikit_build_core")) return BuildSystem.SCIKIT_BUILD_CORE;
        return BuildSystem.SETUPTOOLS;
    }

    public BuiltExtension build(Path target, String module, Interpreter py, Path outDir) throws IOException {
        target = target.toAbsolutePath().normalize();
        Files.createDirectories(outDir);
        try {
            BuildSystem sys = systemOf(target);
            if (sys == BuildSystem.C_SOURCES || sys == BuildSystem.SETUPTOOLS) {
                return new ExtensionBuilder(progress).build(target, module, py, outDir);
            }
            return buildWheel(target, module, py, outDir, sys);
        } catch (HarnessException e) {
            String why = e.log() == null ? null : BuildDiagnosis.missingDependency(e.log());
            if (why == null) throw e;
            throw new HarnessException(why + "; " + e.getMessage(), e.log());
        }
    }

    private BuiltExtension buildWheel(Path project, String module, Interpreter py, Path outDir, BuildSystem sys)
            throws IOException {
        long t0 = System.nanoTime();
        Path log = outDir.resolve("build.log");
        Map<String, String> env = new HashMap<>();
        env.put("LC_ALL", "C");
        env.put("PIP_DISABLE_PIP_VERSION_CHECK", "1");
        env.put("PYTHONNOUSERSITE", "1");
        Path venv = outDir.resolve("venv");
        progress.step(sys.name().toLowerCase().replace('_', '-') + " build of " + project + " for " + py.label()
                + " (log: " + log + ")");
        run(List.of(py.executable().toString(), "-m", "venv", venv.toString()), outDir, env, log, "venv creation");
        String vpy = venv.resolve("bin/python").toString();
        SetuptoolsBuilder.pinIndex(vpy, env);
        // Without build isolation the venv must hold the backend and its tools; meson and ninja (or cmake)
        // come as wheels from the index, so nothing is needed from the system but a compiler.
        List<String> tools = new ArrayList<>(List.of(vpy, "-m", "pip", "install", "-q"));
        tools.addAll(sys == BuildSystem.MESON_PYTHON ? List.of("meson-python", "meson", "ninja")
                : List.of("scikit-build-core", "cmake", "ninja"));
        for (String req : requires(project)) if (!tools.contains(req)) tools.add(req);
        // The venv's bin/ (meson, ninja, cmake) must be on PATH for the backend.
        env.put("PATH", venv.resolve("bin") + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        Path copy = outDir.resolve("src");
        SetuptoolsBuilder.copyProject(project, copy);
        Path site = outDir.resolve("site");
        String how;
        if (Exec.logged(tools, outDir, env, 1200, log).ok()) {
            Path wheels = outDir.resolve("wheels");
            run(List.of(vpy, "-m", "pip", "wheel", "--no-build-isolation", "--no-deps", "-w", wheels.toString(),
                    copy.toString()), copy, env, log, "pip wheel");
            try (Stream<Path> s = Files.list(wheels)) {
                for (Path w : s.filter(p -> p.toString().endsWith(".whl")).toList()) SetuptoolsBuilder.unzip(w, site);
            }
            how = "pip wheel --no-build-isolation --no-deps " + project;
        } else if (sys == BuildSystem.MESON_PYTHON) {
            // meson-python itself could not be installed (an index without one of its dependencies): what it would
            // run is meson, so run meson with this interpreter and install into a folder that goes on sys.path.
            progress.step("meson-python is not installable from pip's index (see " + log + "); building with meson directly");
            run(List.of(vpy, "-m", "pip", "install", "-q", "meson", "ninja"), outDir, env, log,
                    "installing meson and ninja from pip's configured index");
            Path bdir = outDir.resolve("meson-build");
            run(List.of(vpy, "-m", "mesonbuild.mesonmain", "setup", bdir.toString(), copy.toString(), "--prefix=/",
                    "-Dpython.platlibdir=site", "-Dpython.purelibdir=site", "--buildtype=debugoptimized"), copy, env, log, "meson setup");
            run(List.of(vpy, "-m", "mesonbuild.mesonmain", "install", "-C", bdir.toString(), "--destdir",
                    outDir.resolve("destdir").toString()), copy, env, log, "meson install");
            SetuptoolsBuilder.copyProject(outDir.resolve("destdir/site"), site);
            how = "meson setup + meson install (meson-python not installable) " + project;
        } else {
            throw new HarnessException("installing the build backend from pip's configured index failed", log);
        }
        List<Path> sources;
        try (Stream<Path> s = Files.walk(project)) {
            sources = s.filter(p -> p.toString().endsWith(".c") && !p.toString().contains("/build/"))
                    .map(p -> p.toAbsolutePath().normalize()).sorted().toList();
        }
        String mod = module != null ? module : SetuptoolsBuilder.builtModules(site, py.extSuffix(), log);
        double secs = (System.nanoTime() - t0) / 1e9;
        progress.step(String.format("built %s for %s in %.1f s", mod, py.label(), secs));
        return new BuiltExtension(mod, site, project, sources, how, secs);
    }

    /** Copies a project (or one source file) without build, VCS and venv folders: the work copy a patch goes into. */
    public static Path copyProject(Path from, Path to) throws IOException {
        if (Files.isRegularFile(from)) {
            Files.createDirectories(to);
            return Files.copy(from, to.resolve(from.getFileName().toString()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        SetuptoolsBuilder.copyProject(from, to);
        return to;
    }

    /** Removes a work folder and everything below it. */
    public static void deleteTree(Path dir) throws IOException { Provisioner.deleteTree(dir); }

    /** {@code [build-system] requires} of a project's pyproject.toml (empty without one). */
    static List<String> requires(Path project) {
        List<String> out = new ArrayList<>();
        for (JsonNode r : buildSystem(project).path("requires")) out.add(r.asText());
        return out;
    }

    static JsonNode buildSystem(Path project) {
        Path toml = project.resolve("pyproject.toml");
        if (!Files.isRegularFile(toml)) return new TomlMapper().createObjectNode();
        try {
            return new TomlMapper().readTree(toml.toFile()).path("build-system");
        } catch (IOException e) {
            throw new HarnessException("cannot read " + toml + ": " + e.getMessage());
        }
    }

    private static void run(List<String> cmd, Path dir, Map<String, String> env, Path log, String what) throws IOException {
        Exec.Result r = Exec.logged(cmd, dir, env, 1200, log);
        if (!r.ok()) throw new HarnessException(what + " failed", log);
    }
}
