package dev.ftmigrate.rules.catalog;

import dev.ftmigrate.analyzer.TextRange;
import dev.ftmigrate.rules.FixSafety;
import dev.ftmigrate.rules.Level;
import dev.ftmigrate.rules.RuleInfo;
import dev.ftmigrate.rules.engine.FileRule;
import dev.ftmigrate.rules.engine.RuleContext;

@RuleInfo(id = "FT203", name = "limited-api-build",
        summary = "Limited API / abi3 build",
        rationale = "Free-threaded CPython has no abi3 before 3.15: an extension built for the limited API "
                + "cannot load there, and 3.15's free-threaded stable ABI is a separate one (abi3t). "
                + "Free-threaded wheels must be version-specific (cp313t, cp314t) until then.",
        category = "module declaration", level = Level.NOTE,
        example = "#define Py_LIMITED_API 0x03090000\n#include <Python.h>",
        fixedExample = "#ifndef Py_GIL_DISABLED\n#define Py_LIMITED_API 0x03090000\n#endif\n#include <Python.h>",
        fixHint = "Build free-threaded wheels without Py_LIMITED_API (cp313t/cp314t tags), or target abi3t from 3.15.",
        fixSafety = FixSafety.ADVICE, sinceCPython = "3.15")
public final class LimitedApiBuild implements FileRule {
    @Override
    public void onFile(RuleContext ctx) {
        TextRange def = ctx.model().macros().get("Py_LIMITED_API");
        if (def == null) return;
        ctx.report(def).subject("Py_LIMITED_API")
                .message("Py_LIMITED_API is defined: free-threaded CPython has no abi3 before 3.15 (abi3t), so "
                        + "build free-threaded wheels version-specific (cp313t/cp314t) without the limited API")
                .emit();
    }
}
