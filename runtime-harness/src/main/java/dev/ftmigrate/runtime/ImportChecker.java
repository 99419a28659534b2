package dev.ftmigrate.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Imports a built extension in a fresh process with {@code -W error}; a re-enabled GIL is its own failure. */
public final class ImportChecker {
    static final String FIX_MULTI_PHASE = "add {Py_mod_gil, Py_MOD_GIL_NOT_USED} to the module's PyModuleDef_Slot array"
            + " under #if PY_VERSION_HEX >= 0x030D0000 (FT201), once its shared state is thread-safe";
    static final String FIX_SINGLE_PHASE = "call PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED) in PyInit_ under"
            + " #ifdef Py_GIL_DISABLED (FT202), once its shared state is thread-safe";

    public ImportResult check(BuiltExtension ext, Interpreter py, double timeoutSeconds) throws IOException {
        Path work = TempDirs.create("import");
        try {
            Path result = work.resolve("result.json");
            List<String> cmd = new ArrayList<>(List.of(py.executable().toString(), "-W", "error", "-X", "faulthandler",
                    DriverScript.path().toString(), "--mode", "import", "--path", ext.importDir().toString(),
                    "--module", ext.module(), "--result", result.toString()));
            Exec.Result r = Exec.isolated(cmd, work, StressRunner.environment(py), timeoutSeconds, 0,
                    work.resolve("out.txt"), work.resolve("err.txt"));
            if (r.timedOut()) return new ImportResult(Outcome.TIMEOUT, ext.module(), null, "import hung", null);
            if (!Files.exists(result)) {
                return new ImportResult(Outcome.CRASH, ext.module(), null,
                        "import died (exit " + r.exitCode() + "): " + ExtensionBuilder.tail(r.stderr(), 15), null);
            }
            JsonNode n = new ObjectMapper().readTree(result.toFile());
            String status = n.path("status").asText();
            if (r.signal() != 0 || ("pass".equals(status) && r.exitCode() != 0)) {
                // The exit status wins over the record: an import that reported "pass" and then crashed crashed.
                return new ImportResult(Outcome.CRASH, ext.module(), null, "import process exited with " + r.exitCode()
                        + (r.signal() != 0 ? " (signal " + r.signal() + ")" : "") + " after reporting '" + status + "'", null);
            }
            String msg = n.path("message").asText(null);
            // With several modules the driver names the one whose import failed or turned the GIL back on.
            String culprit = n.path("module").asText(ext.module());
            return switch (status) {
                case "pass" -> new ImportResult(Outcome.PASS, ext.module(), null,
                        "imported with the GIL " + (n.path("gilEnabled").asBoolean() ? "enabled" : "disabled"), null);
                case "gil_reenabled" -> {
                    boolean single = isSinglePhase(ext);
                    yield new ImportResult(Outcome.GIL_REENABLED, culprit, single ? "FT202" : "FT201",
                            "importing '" + culprit + "' re-enabled the GIL: " + msg,
                            single ? FIX_SINGLE_PHASE : FIX_MULTI_PHASE);
                }
                default -> new ImportResult(Outcome.IMPORT_ERROR, culprit, null, msg, null);
            };
        } finally {
            TempDirs.delete(work);
        }
    }

    /** Single-phase init returns a module from PyInit_ (PyModule_Create) instead of PyModuleDef_Init. */
    static boolean isSinglePhase(BuiltExtension ext) {
        boolean create = false;
        boolean defInit = false;
        for (Path s : ext.sources()) {
            try {
                String t = Files.readString(s);
                create |= t.contains("PyModule_Create");
                defInit |= t.contains("PyModuleDef_Init");
            } catch (IOException e) {
                // unreadable source: assume multi-phase
            }
        }
        return create && !defInit;
    }

}
