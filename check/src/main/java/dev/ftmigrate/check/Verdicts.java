package dev.ftmigrate.check;

import dev.ftmigrate.check.CheckReport.Build;
import dev.ftmigrate.check.CheckReport.ImportCheck;
import dev.ftmigrate.check.CheckReport.Race;
import dev.ftmigrate.check.CheckReport.ThreadedFailure;
import dev.ftmigrate.runtime.Interpreter;
import dev.ftmigrate.runtime.TestRun;

import java.util.ArrayList;
import java.util.List;

/**
 * The CI verdict on the checked variant (patched when --patch, else original) on the free-threaded interpreter:
 * it must build, import with the GIL off, pass its tests with threads where they pass without, pass its workloads,
 * and show no race. Tests that also fail threaded under the GIL are the tests' own thread-unsafety, not counted.
 */
final class Verdicts {
    private Verdicts() {}

    static CheckReport.Verdict of(String variant, Interpreter ft, List<Build> builds, List<ImportCheck> imports,
                                  List<TestRun> runs, List<ThreadedFailure> threadedOnly, List<CheckReport.Workload> workloads,
                                  List<Race> races) {
        List<String> p = new ArrayList<>();
        for (Build b : builds) {
            if (b.variant().equals(variant) && b.interpreter().equals(ft.label()) && !b.ok()) p.add("build failed: " + b.message());
        }
        for (ImportCheck i : imports) {
            if (i.variant().equals(variant) && i.interpreter().equals(ft.label()) && !i.outcome().equals("pass")) {
                p.add("import " + i.outcome() + ": " + i.message());
            }
        }
        for (TestRun r : runs) {
            if (r.label().startsWith(variant + " ") && r.interpreter().equals(ft.label()) && !r.completed()) {
                p.add("test run " + r.label() + ": " + r.status());
            }
        }
        long tf = threadedOnly.stream().filter(t -> t.variant().equals(variant) && !t.alsoUnderGil()).count();
        if (tf > 0) p.add(tf + " test(s) fail only with threads");
        for (CheckReport.Workload w : workloads) {
            if (w.variant().equals(variant) && w.passed() < w.repetitions()) {
                p.add("workload " + w.workload() + ": " + (w.repetitions() - w.passed()) + "/" + w.repetitions() + " failed");
            }
        }
        long rc = races.stream().filter(r -> r.variant().equals(variant)).count();
        if (rc > 0) p.add(rc + " data race(s) under ThreadSanitizer");
        int missed = (int) races.stream().filter(Race::missed).count();
        return new CheckReport.Verdict(p.isEmpty(), p.isEmpty() ? 0 : 1, variant, p, missed);
    }
}
