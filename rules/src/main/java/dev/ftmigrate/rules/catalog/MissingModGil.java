package dev.ftmigrate.rules.catalog;

import dev.ftmigrate.analyzer.InitTable;
import dev.ftmigrate.rules.FixSafety;
import dev.ftmigrate.rules.Level;
import dev.ftmigrate.rules.RuleInfo;
import dev.ftmigrate.rules.engine.FileRule;
import dev.ftmigrate.rules.engine.RuleContext;
import dev.ftmigrate.rules.fix.ModuleGilFix;

import java.util.regex.Pattern;

@RuleInfo(id = "FT201", name = "missing-py-mod-gil",
        summary = "Multi-phase module without a Py_mod_gil slot",
        rationale = "A free-threaded interpreter re-enables the GIL for the whole process when it imports a "
                + "module that does not declare Py_mod_gil (with a RuntimeWarning): every thread is serialised "
                + "again, and the extension's races stay hidden until someone forces the GIL off.",
        category = "module declaration", level = Level.ERROR,
        example = "static PyModuleDef_Slot foo_slots[] = {\n    {Py_mod_exec, foo_exec},\n    {0, NULL}\n};",
        fixedExample = "static PyModuleDef_Slot foo_slots[] = {\n    {Py_mod_exec, foo_exec},\n#if PY_VERSION_HEX >= 0x030D0000\n    {Py_mod_gil, Py_MOD_GIL_NOT_USED},\n#endif\n    {0, NULL}\n};",
        fixHint = "Add {Py_mod_gil, Py_MOD_GIL_NOT_USED} under #if PY_VERSION_HEX >= 0x030D0000 once the module's shared state is protected "
                + "(safe where the scan found no high-confidence shared-state hazard in the file, review otherwise).",
        fixSafety = FixSafety.SAFE, sinceCPython = "3.13")
public final class MissingModGil implements FileRule {
    @Override
    public void onFile(RuleContext ctx) {
        String text = ctx.model().code();
        for (InitTable slots : ctx.model().tables("PyModuleDef_Slot")) {
            // The raw text covers inactive #if branches too: a guarded entry counts as declared.
            String body = text.substring(slots.range().start(), slots.range().end());
            if (body.contains("Py_MOD_GIL_USED") && !body.contains("Py_MOD_GIL_NOT_USED")) {
                // Declared on purpose: the module still needs the GIL. A reminder, not an error, until its state is protected.
                ctx.report(slots.nameRange()).subject(slots.name()).confidence(dev.ftmigrate.rules.Confidence.LOW)
                        .message("module slots `" + slots.name() + "` declare Py_MOD_GIL_USED: importing the module re-enables the "
                                + "GIL for the whole process in a free-threaded interpreter; once its shared state is protected, "
                                + "declare Py_MOD_GIL_NOT_USED")
                        .emit();
                continue;
            }
            if (body.contains("Py_mod_gil")) continue;
            ctx.report(slots.nameRange()).subject(slots.name()).fix(fx -> ModuleGilFix.slotEntry(fx, slots))
                    .message("module slots `" + slots.name() + "` have no Py_mod_gil entry: importing the module "
                            + "re-enables the GIL in a free-threaded interpreter; add {Py_mod_gil, Py_MOD_GIL_NOT_USED} "
                            + "under #if PY_VERSION_HEX >= 0x030D0000 once its shared state is protected")
                    .emit();
        }
        // A multi-phase definition with no slot array at all also gets the GIL back.
        for (InitTable def : ctx.model().tables("PyModuleDef")) {
            InitTable.Field slots = def.entries().get(0).get("m_slots", 5);
            boolean none = slots == null || slots.text().equals("NULL") || slots.text().equals("0");
            boolean initialised = Pattern.compile("PyModuleDef_Init\\s*\\(\\s*&\\s*" + Pattern.quote(def.name()) + "\\b").matcher(text).find();
            if (!none || !initialised) continue;
            ctx.report(def.nameRange()).subject(def.name()).fix(fx -> ModuleGilFix.slotArray(fx, def))
                    .message("multi-phase module `" + def.name() + "` has no m_slots, so no Py_mod_gil slot: importing it "
                            + "re-enables the GIL in a free-threaded interpreter; add a slot array with "
                            + "{Py_mod_gil, Py_MOD_GIL_NOT_USED} under #if PY_VERSION_HEX >= 0x030D0000")
                    .emit();
        }
    }
}
