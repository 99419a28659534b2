package dev.ftmigrate.check;

import dev.ftmigrate.runtime.Progress;

import java.util.ArrayList;
import java.util.List;

/** Wall time and status of each step of a check, in order; a step announces itself on the progress line. */
final class Steps {
    interface Body { String run() throws Exception; }

    private final List<CheckReport.Step> done = new ArrayList<>();
    private final Progress progress;

    Steps(Progress progress) { this.progress = progress; }

    void record(String name, double seconds, String status) {
        done.add(new CheckReport.Step(name, Math.round(seconds * 100) / 100.0, status));
    }

    /** Runs a step; its status is what the body returns ("ok" when null); an exception is recorded and rethrown. */
    void run(String name, Body body) throws Exception {
        progress.step("step: " + name);
        long t0 = System.nanoTime();
        String status = "failed";
        try {
            String s = body.run();
            status = s == null ? "ok" : s;
        } finally {
            record(name, (System.nanoTime() - t0) / 1e9, status);
        }
    }

    List<CheckReport.Step> list() { return List.copyOf(done); }
}
