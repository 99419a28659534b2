package dev.ftmigrate.cli;

import dev.ftmigrate.runtime.Outcome;
import dev.ftmigrate.runtime.Repetition;
import dev.ftmigrate.runtime.ScalingResult;
import dev.ftmigrate.runtime.StressReport;
import dev.ftmigrate.runtime.TsanReport;

import java.util.Map;

/** Plain-text rendering of a {@link StressReport} for {@code ftmigrate stress}. */
final class StressText {
    private StressText() {}

    static String render(StressReport r) {
        StringBuilder sb = new StringBuilder();
        Map<String, Object> c = r.config();
        sb.append(String.format("stress %s (module %s) on %s%n", r.target(), r.module(), r.interpreter().get("label")));
        sb.append(String.format("  %s threads x %s iterations x %s repetitions, workload %s%n",
                c.get("threads"), c.get("iterations"), c.get("repeat"), c.get("workload")));
        var imp = r.importCheck();
        sb.append("import check: ").append(imp.outcome().id());
        if (!imp.ok()) {
            sb.append(imp.ruleId() != null ? " [" + imp.ruleId() + "]" : "").append("\n  ").append(imp.message());
            if (imp.fix() != null) sb.append("\n  fix: ").append(imp.fix());
        }
        sb.append('\n');
        for (Repetition rep : r.repetitions()) {
            sb.append(String.format("  #%-3d %-18s %6.2f s", rep.index(), rep.outcome().id(), rep.seconds()));
            if (rep.message() != null && rep.outcome() != Outcome.PASS) sb.append("  ").append(firstLine(rep.message()));
            sb.append('\n');
            if (rep.outcome() == Outcome.DATA_RACE && rep.races() != null) {
                for (TsanReport t : rep.races()) {
                    if (!t.inExtension()) continue;
                    sb.append("       ").append(t.kind()).append(" at ").append(t.location()).append(" in ")
                            .append(t.function()).append('\n');
                    for (TsanReport.Access a : t.accesses()) {
                        sb.append("         ").append(a.what().replaceAll(" at 0x[0-9a-f]+", "")).append(": ")
                                .append(a.frame()).append('\n');
                    }
                    if (t.variable() != null) sb.append("         ").append(t.variable()).append('\n');
                }
            } else if ((rep.outcome() == Outcome.CRASH || rep.outcome() == Outcome.TIMEOUT) && rep.detail() != null) {
                rep.detail().lines().limit(25).forEach(l -> sb.append("       | ").append(l).append('\n'));
            }
        }
        if (r.scaling() != null) sb.append(scaling(r.scaling()));
        sb.append(verdict(r)).append('\n');
        return sb.toString();
    }

    static String scaling(ScalingResult s) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("scaling (%d calls per thread, best of 3):%n", s.iterations()));
        sb.append(String.format("  %7s  %16s %8s  %16s %8s%n", "threads", s.freeThreaded() + " calls/s", "speedup",
                (s.gil() == null ? "gil" : s.gil()) + " calls/s", "speedup"));
        for (ScalingResult.Row row : s.rows()) {
            sb.append(String.format("  %7d  %16s %8s  %16s %8s%n", row.threads(), num(row.ftCallsPerSecond()),
                    x(row.ftSpeedup()), num(row.gilCallsPerSecond()), x(row.gilSpeedup())));
        }
        if (s.error() != null) sb.append("  scaling error: ").append(s.error()).append('\n');
        return sb.toString();
    }

    private static String num(double v) { return v < 0 ? "-" : String.format("%,.0f", v); }

    private static String x(double v) { return v < 0 ? "-" : String.format("%.2fx", v); }

    static String verdict(StressReport r) {
        var s = r.summary();
        if (!r.importCheck().ok() && s.repetitions() == 0) return "FAIL: import check " + r.importCheck().outcome().id();
        if (s.repetitions() == 0) return "PASS: import check";
        return (r.ok() ? "PASS" : "FAIL") + ": " + s.passed() + "/" + s.repetitions() + " repetitions passed " + s.byOutcome();
    }

    private static String firstLine(String s) {
        int n = s.indexOf('\n');
        return n < 0 ? s : s.substring(0, n);
    }
}
