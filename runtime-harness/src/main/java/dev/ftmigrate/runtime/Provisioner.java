package dev.ftmigrate.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Builds a free-threaded CPython from Debian's {@code python3.13} source package into the cache, once.
 * A complete cached runtime is returned without any subprocess beyond a file check.
 */
public final class Provisioner {
    public static final String SOURCE_PACKAGE = "python3.13";
    /** apt packages CPython's configure and make need (the Debian names). */
    public static final List<String> BUILD_DEPS = List.of("build-essential", "libssl-dev", "libffi-dev",
            "zlib1g-dev", "libbz2-dev", "liblzma-dev", "libsqlite3-dev", "libreadline-dev", "libncurses-dev",
            "uuid-dev", "pkg-config", "xz-utils");
    static final String TSAN_SUPPRESSIONS = "Tools/tsan/suppressions_free_threading.txt";
    private static final Pattern ORIG = Pattern.compile("python3\\.\\d+_(\\d+\\.\\d+\\.\\d+)\\.orig\\.tar\\.(xz|gz)");

    private final RuntimeCache cache;
    private final Progress progress;
    private final int jobs;

    public Provisioner(RuntimeCache cache, Progress progress) {
        this.cache = cache;
        this.progress = progress;
        this.jobs = Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /** The cached runtime of that flavour, provisioning it first when missing. */
    public Interpreter ensure(boolean tsan) throws IOException {
        RuntimeCache.Entry e = cache.find(tsan);
        if (e != null) return toInterpreter(e);
        String lockName = tsan ? "runtime-ft-tsan" : "runtime-ft";
        try (RuntimeCache.Lock ignored = cache.lock(lockName, progress)) {
            e = cache.find(tsan); // another process may have finished while we waited
            if (e != null) return toInterpreter(e);
            build(tsan);
            e = cache.find(tsan);
            if (e == null) throw new HarnessException("provisioning finished but left no complete runtime");
            return toInterpreter(e);
        }
    }

    /** Interpreter facts taken from the manifest, without starting Python (keeps a warm lookup fast). */
    public static Interpreter toInterpreter(RuntimeCache.Entry e) {
        var m = e.manifest();
        List<Path> inc = new ArrayList<>();
        m.path("include").forEach(i -> inc.add(e.dir().resolve(i.asText())));
        return new Interpreter(e.python(), e.version(), m.path("hexversion").asLong(), true, e.tsan(),
                m.path("extSuffix").asText(), List.copyOf(inc), e.suppressions());
    }

    private void build(boolean tsan) throws IOException {
        long t0 = System.nanoTime();
        checkCompiler();
        ensureBuildDeps(cache.log("apt"));
        Path tarball = fetchTarball();
        Matcher mm = ORIG.matcher(tarball.getFileName().toString());
        if (!mm.matches()) throw new HarnessException("unexpected tarball name " + tarball);
        String version = mm.group(1);
        String name = RuntimeCache.flavourName(version, tsan);
        Path dir = cache.root().resolve(name);
        Path log = cache.log(name);
        Files.createDirectories(log.getParent());
        Files.writeString(log, "ftmigrate provisioning " + name + " at " + Instant.now() + "\n");
        deleteTree(dir);
        Files.createDirectories(dir);
        Path src = dir.resolve("src");
        Files.createDirectories(src);

        step("extract " + tarball.getFileName(), log, () ->
                Exec.logged(List.of("tar", "-xf", tarball.toString(), "--strip-components=1", "-C", src.toString()),
                        dir, Map.of(), 600, log));

        List<String> configure = new ArrayList<>(List.of("./configure", "--disable-gil", "--without-ensurepip",
                "--disable-test-modules", "--prefix=" + dir));
        if (tsan) configure.add("--with-thread-sanitizer");
        Map<String, String> env = Map.of("LC_ALL", "C");
        step("configure " + String.join(" ", configure.subList(1, configure.size())), log,
                () -> Exec.logged(configure, src, env, 1200, log));
        step("make -j" + jobs + (tsan ? " (ThreadSanitizer build, about 5 minutes on 2 cores)" : ""), log,
                () -> Exec.logged(List.of("make", "-j" + jobs), src, env, 5400, log));

        String python;
        String suppressions = null;
        String ver2 = version.substring(0, version.lastIndexOf('.'));
        if (tsan) {
            // make install byte-compiles the whole library under TSan (14+ minutes): use the build tree.
            python = "src/python";
            Path sup = src.resolve(TSAN_SUPPRESSIONS);
            if (Files.isRegularFile(sup)) {
                Files.copy(sup, dir.resolve("tsan-suppressions.txt"), StandardCopyOption.REPLACE_EXISTING);
                suppressions = "tsan-suppressions.txt";
            }
            slimBuildTree(src);
        } else {
            step("make install", log, () -> Exec.logged(List.of("make", "install"), src, env, 1800, log));
            python = "bin/python" + ver2 + "t";
            deleteTree(src);
            deleteTree(dir.resolve("lib/python" + ver2 + "t/test"));
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.filter(p -> p.getFileName().toString().matches("libpython.*\\.a")).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        Path exe = dir.resolve(python);
        Map<String, String> runEnv = tsan && suppressions != null
                ? Map.of("TSAN_OPTIONS", "suppressions=" + dir.resolve(suppressions)) : Map.of();
        Interpreter probe = Interpreter.probe(exe, null);
        Exec.Result check = Exec.capture(List.of(exe.toString(), "-c",
                "import sys; assert not sys._is_gil_enabled(), 'GIL enabled'; print('ok')"), dir, runEnv, 300);
        if (!check.ok() || !probe.freeThreaded()) {
            Files.writeString(log, check.stdout() + check.stderr(), java.nio.file.StandardOpenOption.APPEND);
            throw new HarnessException("built interpreter is not free-threaded or does not start", log);
        }
        ObjectMapper om = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode m = om.createObjectNode();
        m.put("name", name);
        m.put("version", version);
        m.put("tsan", tsan);
        m.put("python", python);
        if (suppressions != null) m.put("suppressions", suppressions);
        else m.putNull("suppressions");
        m.put("hexversion", probe.hexVersion());
        m.put("extSuffix", probe.extSuffix());
        var inc = m.putArray("include");
        for (Path i : probe.includeDirs()) inc.add(dir.relativize(i.toAbsolutePath().normalize()).toString());
        var ca = m.putArray("configureArgs");
        configure.subList(1, configure.size()).forEach(a -> ca.add(a.startsWith("--prefix=") ? "--prefix=<dir>" : a));
        m.put("sourcePackage", SOURCE_PACKAGE);
        m.put("tarball", tarball.getFileName().toString());
        m.put("tarballSha256", sha256(tarball));
        m.put("compiler", firstLine(List.of("gcc", "--version")));
        m.put("builtAt", Instant.now().toString());
        m.put("buildSeconds", Math.round((System.nanoTime() - t0) / 1e8) / 10.0);
        om.writeValue(dir.resolve(RuntimeCache.MANIFEST).toFile(), m);
        Files.writeString(dir.resolve(RuntimeCache.COMPLETE), Instant.now().toString() + "\n");
        progress.step("runtime " + name + " ready in " + m.get("buildSeconds") + " s: " + exe);
    }

    /** Object files are not needed once ./python is linked; drop them and the static library. */
    private static void slimBuildTree(Path src) throws IOException {
        try (Stream<Path> s = Files.walk(src)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String n = p.getFileName().toString();
                if (n.endsWith(".o") || n.matches("libpython.*\\.a")) Files.deleteIfExists(p);
            }
        }
        deleteTree(src.resolve("Lib/test"));
    }

    /** The upstream tarball from apt-get source, cached under sources/ (shared by both flavours). */
    Path fetchTarball() throws IOException {
        Path sources = cache.root().resolve("sources");
        try (RuntimeCache.Lock ignored = cache.lock("sources", progress)) {
            Path found = findOrig(sources);
            if (found != null) return found;
            Path log = cache.log("download");
            AptSource apt;
            try {
                apt = AptSource.fromMachine(cache.root().resolve("apt"));
            } catch (EnvironmentUnavailable e) {
                throw new EnvironmentUnavailable("cannot download CPython sources: " + e.getMessage()
                        + "; pass --python PATH to use an existing free-threaded interpreter");
            }
            Path tmp = cache.root().resolve("sources.partial");
            deleteTree(tmp);
            progress.step("download " + SOURCE_PACKAGE + " source from " + apt.uri() + " " + apt.suite()
                    + " (log: " + log + ")");
            apt.downloadSource(SOURCE_PACKAGE, tmp, log); // EnvironmentUnavailable when the archive is unreachable
            if (findOrig(tmp) == null) throw new HarnessException("apt-get source gave no upstream tarball", log);
            deleteTree(sources);
            Files.move(tmp, sources);
            return findOrig(sources);
        }
    }

    private static Path findOrig(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return null;
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> ORIG.matcher(p.getFileName().toString()).matches()).findFirst().orElse(null);
        }
    }

    private void checkCompiler() {
        if (Exec.which("gcc") == null && Exec.which("cc") == null) {
            if (!isRoot() || Exec.which("apt-get") == null) {
                throw new EnvironmentUnavailable("no C compiler (gcc) and cannot install one; install build-essential");
            }
        }
    }

    static boolean isRoot() { return "root".equals(System.getProperty("user.name")); }

    /** Installs missing build dependencies with apt-get when running as root. */
    void ensureBuildDeps(Path log) throws IOException {
        if (Exec.which("dpkg-query") == null) return; // not Debian-like: trust the machine
        List<String> missing = missingPackages(BUILD_DEPS);
        if (missing.isEmpty()) return;
        if (!isRoot() || Exec.which("apt-get") == null) {
            throw new EnvironmentUnavailable("missing build dependencies: " + String.join(" ", missing)
                    + " (run: apt-get install " + String.join(" ", missing) + ")");
        }
        progress.step("apt-get install " + String.join(" ", missing) + " (log: " + log + ")");
        List<String> cmd = new ArrayList<>(List.of("apt-get", "install", "-y", "-q", "--no-install-recommends"));
        cmd.addAll(missing);
        Map<String, String> env = Map.of("DEBIAN_FRONTEND", "noninteractive");
        Exec.Result r = Exec.logged(cmd, null, env, 1800, log);
        if (!r.ok()) {
            Exec.logged(List.of("apt-get", "update", "-q"), null, env, 900, log);
            r = Exec.logged(cmd, null, env, 1800, log);
        }
        if (!r.ok()) throw new HarnessException("apt-get install of build dependencies failed", log);
    }

    static List<String> missingPackages(List<String> pkgs) throws IOException {
        List<String> missing = new ArrayList<>();
        for (String p : pkgs) {
            Exec.Result r = Exec.capture(List.of("dpkg-query", "-W", "-f=${Status}", p), null, Map.of(), 60);
            if (!r.ok() || !r.stdout().contains("install ok installed")) missing.add(p);
        }
        return missing;
    }

    interface Step { Exec.Result run() throws IOException; }

    /** Runs one long step, printing a heartbeat every 30 s, and fails with the log path. */
    private void step(String what, Path log, Step s) throws IOException {
        progress.step(what + " (log: " + log + ")");
        long t0 = System.nanoTime();
        ScheduledExecutorService beat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ftmigrate-heartbeat");
            t.setDaemon(true);
            return t;
        });
        String head = what.startsWith("make install") ? "make install" : what.split(" ")[0];
        beat.scheduleAtFixedRate(() -> progress.step("  " + head + " … "
                + Math.round((System.nanoTime() - t0) / 1e9) + " s"), 30, 30, TimeUnit.SECONDS);
        Exec.Result r;
        try {
            r = s.run();
        } finally {
            beat.shutdownNow();
        }
        if (!r.ok()) {
            throw new HarnessException(head + " failed" + (r.timedOut() ? " (timed out)" : " with exit " + r.exitCode()), log);
        }
        progress.step("  " + head + " done in " + Math.round(r.seconds()) + " s");
    }

    private static String firstLine(List<String> cmd) {
        try {
            Exec.Result r = Exec.capture(cmd, null, Map.of(), 30);
            return r.stdout().lines().findFirst().orElse("").strip();
        } catch (IOException e) {
            return "unknown";
        }
    }

    static String sha256(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
        }
    }
}
