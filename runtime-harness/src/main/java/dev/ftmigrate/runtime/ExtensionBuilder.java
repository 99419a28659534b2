package dev.ftmigrate.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Builds an extension for one interpreter: a single {@code .c} file, a directory of sources (one module), or a
 * setuptools project (setup.py / pyproject.toml) in a venv of the interpreter. A TSan interpreter gets
 * {@code -fsanitize=thread}, because a TSan {@code .so} cannot load into a plain interpreter and back.
 */
public final class ExtensionBuilder {
    private final Progress progress;

    public ExtensionBuilder(Progress progress) { this.progress = progress; }

    /** What kind of target a path is. */
    public enum Kind { SINGLE_FILE, SOURCE_DIR, SETUPTOOLS }

    public static Kind kindOf(Path target) {
        if (Files.isRegularFile(target)) {
            if (!target.toString().endsWith(".c")) throw new HarnessException("not a C source: " + target);
            return Kind.SINGLE_FILE;
        }
        if (!Files.isDirectory(target)) throw new HarnessException("no such file or directory: " + target);
        if (Files.exists(target.resolve("setup.py")) || Files.exists(target.resolve("pyproject.toml"))) {
            return Kind.SETUPTOOLS;
        }
        return Kind.SOURCE_DIR;
    }

    /** The module name a target builds unless the user names one. */
    public static String defaultModuleName(Path target) {
        Path abs = target.toAbsolutePath().normalize();
        String n = abs.getFileName().toString();
        return Files.isRegularFile(abs) ? n.substring(0, n.length() - 2) : n;
    }

    /**
     * Builds {@code target} for {@code py} into {@code outDir}.
     *
     * @param module null for the default name
     */
    public BuiltExtension build(Path target, String module, Interpreter py, Path outDir) throws IOException {
        target = target.toAbsolutePath().normalize();
        Kind kind = kindOf(target);
        String name = module != null ? module : defaultModuleName(target);
        Files.createDirectories(outDir);
        if (kind == Kind.SETUPTOOLS) return new SetuptoolsBuilder(progress).build(target, module, py, outDir);
        List<Path> sources = new ArrayList<>();
        if (kind == Kind.SINGLE_FILE) {
            sources.add(target);
        } else {
            try (Stream<Path> s = Files.list(target)) {
                s.filter(p -> p.toString().endsWith(".c") && Files.isRegularFile(p)).sorted().forEach(sources::add);
            }
            if (sources.isEmpty()) throw new HarnessException("no .c files in " + target);
        }
        return compile(sources, name, py, outDir);
    }

    public BuiltExtension compile(List<Path> sources, String module, Interpreter py, Path outDir) throws IOException {
        if (!py.hasHeaders()) throw new HarnessException("no Python.h for " + py.executable() + " (install its dev headers)");
        String cc = System.getenv().getOrDefault("CC", "gcc");
        if (Exec.which(cc) == null && !Files.isExecutable(Path.of(cc))) {
            throw new EnvironmentUnavailable("no C compiler: " + cc + " not found (install build-essential)");
        }
        Path so = outDir.resolve(module + py.extSuffix());
        List<String> cmd = new ArrayList<>(List.of(cc, "-shared", "-fPIC", "-g", "-Wall", "-Wno-unused-function"));
        if (py.tsan()) cmd.addAll(List.of("-O1", "-fno-omit-frame-pointer", "-fsanitize=thread"));
        else cmd.add("-O2");
        for (Path i : py.includeDirs()) cmd.add("-I" + i);
        for (Path s : sources) {
            String inc = "-I" + s.getParent();
            if (!cmd.contains(inc)) cmd.add(inc);
        }
        for (Path s : sources) cmd.add(s.toString());
        cmd.addAll(List.of("-o", so.toString()));
        Map<String, String> env = new HashMap<>();
        env.put("LC_ALL", "C");
        Exec.Result r = Exec.capture(cmd, outDir, env, 600);
        if (!r.ok()) {
            Path log = outDir.resolve("build.log");
            Files.writeString(log, String.join(" ", cmd) + "\n" + r.stdout() + r.stderr());
            throw new HarnessException("build of " + module + " for " + py.label() + " failed:\n"
                    + tail(r.stderr(), 20), log);
        }
        progress.step("built " + so.getFileName() + " for " + py.label() + String.format(" in %.1f s", r.seconds()));
        return new BuiltExtension(module, outDir, so, List.copyOf(sources), String.join(" ", cmd), r.seconds());
    }

    static String tail(String s, int lines) {
        List<String> l = s.lines().toList();
        return String.join("\n", l.subList(Math.max(0, l.size() - lines), l.size()));
    }
}
