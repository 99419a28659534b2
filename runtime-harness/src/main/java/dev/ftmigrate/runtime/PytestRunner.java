package dev.ftmigrate.runtime;

import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
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

/**
 * Runs a project's own pytest suite against a built extension, each test body in N threads behind a barrier
 * (pytest-run-parallel when the interpreter has it, else our {@code ftmigrate_parallel} plugin). The tests run from
 * a copy of the test folders so that the project's source package cannot shadow the built one; per-test outcomes
 * come from pytest's JUnit XML. One venv with pytest per interpreter, made on first use and kept in the runtime
 * cache ({@code venvs/}) for the next check.
 */
public final class PytestRunner {
    private final Progress progress;
    private final Path workDir;
    private final Path venvCache;
    private final Map<Path, Path> venvs = new HashMap<>();
    private final Map<Path, Boolean> hasRunParallel = new HashMap<>();
    private List<String> extraArgs = List.of();

    /** @param venvCache where the pytest venvs are kept between runs */
    public PytestRunner(Progress progress, Path workDir, Path venvCache) {
        this.progress = progress;
        this.workDir = workDir;
        this.venvCache = venvCache;
    }

    /** Arguments added to every pytest command line (e.g. {@code --deselect} for a test that needs 4 GB per thread). */
    public PytestRunner extraArgs(List<String> args) {
        this.extraArgs = List.copyOf(args);
        return this;
    }

    /**
     * The built copy of a test file or folder that lies inside a Python package (its folder has an
     * {@code __init__.py}), found under the same package path in the build's import folder; null when the test
     * is not in a package or the build did not ship it.
     */
    static Path installedCopy(Path test, Path importDir) {
        Path abs = test.toAbsolutePath().normalize();
        Path pkg = Files.isDirectory(abs) ? abs : abs.getParent();
        if (pkg == null || !Files.exists(pkg.resolve("__init__.py"))) return null;
        Path top = pkg;
        while (top.getParent() != null && Files.exists(top.getParent().resolve("__init__.py"))) top = top.getParent();
        if (top.getParent() == null) return null;
        Path built = importDir.resolve(top.getParent().relativize(abs).toString());
        return Files.exists(built) ? built : null;
    }

    /** The test folders of a project: {@code tests/} or {@code test/} when present. */
    public static List<Path> defaultTests(Path project) {
        for (String n : List.of("tests", "test", "testing")) {
            Path p = project.resolve(n);
            if (Files.isDirectory(p)) return List.of(p);
        }
        return List.of();
    }

    /**
     * @param tests   test files or folders (copied next to each other in a scratch folder)
     * @param threads threads per test body; 1 runs the suite plainly
     */
    public TestRun run(String label, BuiltExtension ext, Interpreter py, List<Path> tests, int threads,
                       double timeoutSeconds) throws IOException {
        Path python = venv(py);
        Path run = Files.createTempDirectory(workDir, "pytest-");
        Path root = Files.createDirectories(run.resolve("t"));
        List<String> args = new ArrayList<>();
        for (Path t : tests) {
            // Tests inside the package (`pkg/tests.py`) run from the built copy: a copy of the source package would
            // be imported instead of the built one, which has the compiled modules.
            Path installed = installedCopy(t, ext.importDir());
            if (installed != null) {
                args.add(installed.toString());
                continue;
            }
            // A test file comes with its folder (conftest.py, helpers, data), but only it is run.
            Path folder = Files.isDirectory(t) ? t : t.toAbsolutePath().getParent();
            Path dest = root.resolve(folder.getFileName().toString());
            if (!Files.exists(dest)) SetuptoolsBuilder.copyProject(folder, dest);
            args.add(Files.isDirectory(t) ? dest.toString() : dest.resolve(t.getFileName().toString()).toString());
        }
        Path junit = run.resolve("junit.xml");
        boolean rp = threads > 1 && hasRunParallel.get(python);
        List<String> cmd = new ArrayList<>(List.of(python.toString(), "-X", "faulthandler", "-m", "pytest", "-q",
                "-p", "no:cacheprovider", "--rootdir", root.toString(), "--junitxml", junit.toString(),
                "-o", "junit_family=xunit1", "-o", "faulthandler_timeout=" + (int) Math.max(30, timeoutSeconds / 4)));
        if (threads > 1) {
            if (rp) cmd.addAll(List.of("--parallel-threads", Integer.toString(threads)));
            else cmd.addAll(List.of("-p", "ftmigrate_parallel", "--ft-threads", Integer.toString(threads)));
        }
        cmd.addAll(extraArgs);
        cmd.addAll(args);
        Map<String, String> env = StressRunner.environment(py);
        env.put("PYTHONPATH", ext.importDir() + ":" + plugin(run));
        env.put("PYTHON_GIL", py.freeThreaded() ? "0" : null); // a module that re-enables the GIL must not hide races
        Path tsanLog = run.resolve("tsan");
        if (py.tsan()) {
            // TSan's exit code (66) then means "reported races": the suite itself completed.
            env.put("TSAN_OPTIONS", "halt_on_error=0 exitcode=" + StressRunner.TSAN_EXIT + " report_signal_unsafe=0 log_path=" + tsanLog
                    + " suppressions=" + TsanSuppressions.of(py));
        }
        progress.step("pytest " + label + " (" + (threads > 1 ? threads + " threads per test" : "plain") + ")");
        // -m pytest puts the working directory on sys.path: run from the scratch folder, never the project.
        Exec.Result r = Exec.run(cmd, run, env, timeoutSeconds, run.resolve("out.txt"), run.resolve("err.txt"));
        List<TsanReport> races = py.tsan() ? tsanReports(run, ext) : null;
        String runner = threads > 1 ? (rp ? "pytest-run-parallel" : "ftmigrate") : "pytest";
        double secs = Math.round(r.seconds() * 100) / 100.0;
        List<TestRun.Case> cases = Files.exists(junit) ? cases(junit) : List.of();
        String status;
        String msg = null;
        if (r.timedOut()) {
            status = "timeout";
            msg = String.format("no end after %.0f s; process group killed", r.seconds());
        } else if (r.signal() != 0) {
            status = "crash";
            msg = "pytest died with signal " + r.signal() + StressRunner.signalName(r.signal()) + "\n"
                    + StressRunner.faulthandlerDump(r.stderr());
        } else if (!Files.exists(junit) || (r.exitCode() > 1 && !(py.tsan() && r.exitCode() == StressRunner.TSAN_EXIT))) {
            status = r.exitCode() == 5 ? "completed" : "error"; // 5: no tests collected
            msg = "pytest exited with " + r.exitCode() + ": " + ExtensionBuilder.tail(r.stdout() + r.stderr(), 15);
        } else {
            status = "completed";
        }
        TestRun t = new TestRun(label, py.label(), threads, runner, status, msg, secs, cases, races);
        progress.step(String.format("pytest %s: %s, %d passed, %d failed, %d skipped (%.1f s)", label, status,
                t.passed(), t.failed(), t.skipped(), secs));
        return t;
    }

    /** A venv of {@code py} with pytest from pip's configured index (and pytest-run-parallel when the index has it). */
    private Path venv(Interpreter py) throws IOException {
        Path cached = venvs.get(py.executable());
        if (cached != null) return cached;
        String id = "pytest-" + py.label() + "-" + Integer.toHexString(py.executable().toString().hashCode());
        Path dir = venvCache.resolve(id);
        Path python = dir.resolve("bin/python");
        Map<String, String> env = new HashMap<>();
        env.put("PIP_DISABLE_PIP_VERSION_CHECK", "1");
        env.put("PYTHONNOUSERSITE", "1");
        if (py.tsan()) env.put("TSAN_OPTIONS", "report_bugs=0" + (py.suppressions() == null ? "" : " suppressions=" + py.suppressions()));
        if (!Files.exists(dir.resolve(RuntimeCache.COMPLETE))) {
            // Made beside its final place and renamed when complete, so a half-made venv is never used.
            Files.createDirectories(venvCache);
            Path tmp = Files.createTempDirectory(venvCache, id + ".tmp");
            Path log = tmp.resolve("venv.log");
            progress.step("test venv for " + py.label() + " (pytest from pip's index; log: " + log + ")");
            if (!Exec.logged(List.of(py.executable().toString(), "-m", "venv", tmp.toString()), workDir, env, 600, log).ok()) {
                throw new HarnessException("cannot create a venv for " + py.label(), log);
            }
            String tpy = tmp.resolve("bin/python").toString();
            SetuptoolsBuilder.pinIndex(tpy, env);
            if (!Exec.logged(List.of(tpy, "-m", "pip", "install", "-q", "pytest"), workDir, env, 900, log).ok()) {
                throw new HarnessException("cannot install pytest for " + py.label() + " from pip's configured index", log);
            }
            // Optional: the maintained plugin when the index carries it; ours otherwise.
            Exec.logged(List.of(tpy, "-m", "pip", "install", "-q", "pytest-run-parallel"), workDir, env, 300, log);
            Files.writeString(tmp.resolve(RuntimeCache.COMPLETE), py.executable() + "\n");
            try {
                Files.move(tmp, dir, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                Provisioner.deleteTree(tmp); // another process finished first: use its venv
                if (!Files.exists(dir.resolve(RuntimeCache.COMPLETE))) throw e;
            }
        }
        boolean rp = Exec.capture(List.of(python.toString(), "-c", "import pytest_run_parallel"), workDir, env, 120).ok();
        venvs.put(py.executable(), python);
        hasRunParallel.put(python, rp);
        return python;
    }

    private static Path plugin(Path run) throws IOException {
        Path dir = run.resolve("plugin");
        Files.createDirectories(dir);
        try (InputStream in = PytestRunner.class.getResourceAsStream("ftmigrate_parallel.py")) {
            if (in == null) throw new IOException("ftmigrate_parallel.py resource missing");
            Files.copy(in, dir.resolve("ftmigrate_parallel.py"), StandardCopyOption.REPLACE_EXISTING);
        }
        return dir;
    }

    private static List<TsanReport> tsanReports(Path run, BuiltExtension ext) throws IOException {
        List<TsanReport> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(run)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith("tsan.")).sorted().toList()) {
                out.addAll(TsanReportParser.parse(Exec.readLossy(p), ext.sources()));
            }
        }
        return out;
    }

    /** Test cases from pytest's JUnit XML (xunit1): classname::name, outcome, time, first line of the failure. */
    static List<TestRun.Case> cases(Path junit) throws IOException {
        List<TestRun.Case> out = new ArrayList<>();
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            NodeList tcs = f.newDocumentBuilder().parse(junit.toFile()).getElementsByTagName("testcase");
            for (int i = 0; i < tcs.getLength(); i++) {
                Element tc = (Element) tcs.item(i);
                String cls = tc.getAttribute("classname");
                String id = (cls.isEmpty() ? "" : cls + "::") + tc.getAttribute("name");
                String outcome = "passed";
                String msg = null;
                String detail = null;
                for (String kind : List.of("failure", "error", "skipped")) {
                    NodeList n = tc.getElementsByTagName(kind);
                    if (n.getLength() > 0) {
                        Element e = (Element) n.item(0);
                        outcome = kind.equals("failure") ? "failed" : kind;
                        msg = firstLine(e.getAttribute("message"));
                        detail = e.getTextContent();
                        break;
                    }
                }
                double secs = tc.getAttribute("time").isEmpty() ? 0 : Double.parseDouble(tc.getAttribute("time"));
                out.add(new TestRun.Case(id, outcome, Math.round(secs * 1000) / 1000.0, msg, detail));
            }
        } catch (javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException | NumberFormatException e) {
            throw new IOException("unreadable JUnit XML from pytest: " + junit + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static String firstLine(String s) {
        if (s == null || s.isEmpty()) return null;
        int n = s.indexOf('\n');
        String l = n < 0 ? s : s.substring(0, n);
        return l.length() > 300 ? l.substring(0, 300) + "…" : l;
    }
}
