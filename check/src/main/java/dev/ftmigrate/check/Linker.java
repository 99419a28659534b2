package dev.ftmigrate.check;

import dev.ftmigrate.check.CheckReport.FindingRef;
import dev.ftmigrate.check.CheckReport.Link;
import dev.ftmigrate.runtime.TsanReport;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ties runtime evidence to static findings. A TSan race links to the findings on the racing variable (TSan's
 * "Location is global 'x'") or, in the same file, in a function on one of the racing stacks. A failure seen only
 * with threads (a test, a workload) carries no C stack, so it links through the Python entry points the failing
 * code calls: a finding reached from method {@code m} links when the test or workload calls {@code .m(}.
 */
public final class Linker {
    private static final Pattern TSAN_VAR = Pattern.compile("Location is (?:global|heap block)[^']*'([^']+)'");
    private static final Pattern FRAME = Pattern.compile("^([^:\\s]+):\\d+ in (\\S+)$");
    private static final Pattern CALL = Pattern.compile("\\.([A-Za-z_]\\w*)\\s*\\(");

    private final List<FindingRef> findings;

    public Linker(List<FindingRef> findings) { this.findings = findings; }

    public List<Link> race(TsanReport r) {
        List<Link> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        String var = variable(r);
        if (var != null) {
            for (FindingRef f : findings) {
                if (var.equals(f.subject()) && seen.add(f.id())) {
                    out.add(new Link(f.id(), f.ruleId(), "same variable `" + var + "`"));
                }
            }
        }
        // file name + function of every extension frame of the racing accesses
        List<String[]> frames = new ArrayList<>();
        if (r.location() != null && r.function() != null) frames.add(new String[]{fileName(r.location()), r.function()});
        for (TsanReport.Access a : r.accesses()) {
            for (String s : a.stack()) {
                Matcher m = FRAME.matcher(s);
                if (m.matches()) frames.add(new String[]{m.group(1), m.group(2)});
            }
        }
        for (String[] fr : frames) {
            for (FindingRef f : findings) {
                if (f.function() != null && f.function().equals(fr[1]) && fileName(f.path()).equals(fr[0])
                        && seen.add(f.id())) {
                    out.add(new Link(f.id(), f.ruleId(), "same function " + fr[1] + "() in " + fr[0]));
                }
            }
        }
        return out;
    }

    /** Findings reached from a Python method that {@code code} (a traceback, a test or a workload) calls. */
    public List<Link> calls(String code) {
        List<Link> out = new ArrayList<>();
        if (code == null) return out;
        Set<String> called = new LinkedHashSet<>();
        Matcher m = CALL.matcher(code);
        while (m.find()) called.add(m.group(1));
        for (FindingRef f : findings) {
            for (String ep : f.entryPoints()) {
                if (called.contains(ep)) {
                    out.add(new Link(f.id(), f.ruleId(), "reached from `" + ep + "()`, which the failing code calls"));
                    break;
                }
            }
        }
        return out;
    }

    /** The variable TSan names in "Location is global 'name' of size ...", or null. */
    static String variable(TsanReport r) {
        if (r.variable() == null) return null;
        Matcher m = TSAN_VAR.matcher(r.variable());
        return m.find() ? m.group(1) : null;
    }

    private static String fileName(String path) {
        String p = path.contains(":") ? path.substring(0, path.indexOf(':')) : path;
        int s = p.lastIndexOf('/');
        return s >= 0 ? p.substring(s + 1) : p;
    }
}
