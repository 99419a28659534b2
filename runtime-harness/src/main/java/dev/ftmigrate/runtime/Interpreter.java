package dev.ftmigrate.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Python interpreter the harness can build for and run: what {@code sysconfig} says about it.
 *
 * @param executable   the interpreter binary
 * @param version      e.g. {@code 3.13.5}
 * @param hexVersion   {@code sys.hexversion}
 * @param freeThreaded built with {@code Py_GIL_DISABLED}
 * @param tsan         built with ThreadSanitizer (extensions must be built with {@code -fsanitize=thread})
 * @param extSuffix    e.g. {@code .cpython-313t-x86_64-linux-gnu.so}
 * @param includeDirs  where {@code Python.h} and {@code pyconfig.h} live
 * @param suppressions the TSan suppressions file for this runtime, or null
 */
public record Interpreter(Path executable, String version, long hexVersion, boolean freeThreaded, boolean tsan,
                          String extSuffix, List<Path> includeDirs, Path suppressions) {

    private static final String PROBE = String.join("\n",
            "import sys, os, json, sysconfig, platform",
            "cv = sysconfig.get_config_var",
            "inc = [sysconfig.get_paths()['include']]",
            "d = os.path.dirname(sysconfig.get_config_h_filename())",
            "inc += [d] if d not in inc else []",
            "args = cv('CONFIG_ARGS') or ''",
            "json.dump({'executable': sys.executable, 'version': platform.python_version(),",
            " 'hexversion': sys.hexversion, 'freeThreaded': bool(cv('Py_GIL_DISABLED')),",
            " 'tsan': 'thread-sanitizer' in args or '-fsanitize=thread' in (cv('CFLAGS') or ''),",
            " 'extSuffix': cv('EXT_SUFFIX'), 'include': inc}, sys.stdout)");

    /** Asks the interpreter about itself. */
    public static Interpreter probe(Path python, Path suppressions) {
        if (!Files.isExecutable(python)) throw new HarnessException("not an executable interpreter: " + python);
        Exec.Result r;
        try {
            r = Exec.capture(List.of(python.toString(), "-I", "-c", PROBE), null, Map.of(), 120);
        } catch (IOException e) {
            throw new HarnessException("cannot run " + python + ": " + e.getMessage());
        }
        if (!r.ok()) {
            throw new HarnessException("cannot run " + python + ": " + r.stderr().strip());
        }
        try {
            JsonNode n = new ObjectMapper().readTree(r.stdout());
            List<Path> inc = new ArrayList<>();
            n.get("include").forEach(i -> inc.add(Path.of(i.asText())));
            return new Interpreter(Path.of(n.get("executable").asText()), n.get("version").asText(),
                    n.get("hexversion").asLong(), n.get("freeThreaded").asBoolean(), n.get("tsan").asBoolean(),
                    n.get("extSuffix").asText(), List.copyOf(inc), suppressions);
        } catch (IOException e) {
            throw new HarnessException("unexpected answer from " + python + ": " + r.stdout());
        }
    }

    /** True when {@code Python.h} is in one of the include directories (dev headers installed). */
    public boolean hasHeaders() {
        return includeDirs.stream().anyMatch(d -> Files.isRegularFile(d.resolve("Python.h")));
    }

    /** Short label such as {@code 3.13.5t} or {@code 3.13.5t+tsan} or {@code 3.11.7}. */
    public String label() {
        return version + (freeThreaded ? "t" : "") + (tsan ? "+tsan" : "");
    }

    /** The GIL interpreter for comparisons: {@code FTMIGRATE_GIL_PYTHON}, else {@code python3} on PATH. */
    public static Interpreter findGil() {
        List<Path> candidates = new ArrayList<>();
        String env = System.getenv("FTMIGRATE_GIL_PYTHON");
        if (env != null && !env.isBlank()) candidates.add(Path.of(env));
        Path p = Exec.which("python3");
        if (p != null) candidates.add(p);
        candidates.add(Path.of("/usr/bin/python3"));
        String why = "no python3 found";
        for (Path c : candidates) {
            if (!Files.isExecutable(c)) continue;
            try {
                Interpreter i = probe(c, null);
                if (i.freeThreaded()) { why = c + " is free-threaded"; continue; }
                if (!i.hasHeaders()) { why = c + " has no Python.h (install python3-dev)"; continue; }
                return i;
            } catch (HarnessException e) {
                why = e.getMessage();
            }
        }
        throw new HarnessException("no GIL interpreter with headers: " + why);
    }
}
