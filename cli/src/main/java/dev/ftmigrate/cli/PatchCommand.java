package dev.ftmigrate.cli;

import dev.ftmigrate.patcher.FileChange;
import dev.ftmigrate.patcher.FixPlan;
import dev.ftmigrate.patcher.Rejection;
import dev.ftmigrate.patcher.SafeWriter;
import dev.ftmigrate.patcher.StaleFileException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "patch", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Proposes or applies the fixes of the hazards a scan finds.",
                "Safe fixes are applied by default, review fixes only with --unsafe-fixes, advice never.",
                "Exit codes: 0 done (including nothing to do), 2 usage or I/O error (nothing written)."})
public final class PatchCommand implements Callable<Integer> {
    @Mixin
    ScanInputs inputs;

    @Option(names = "--diff", description = "Print one unified diff of every change (the default when neither --apply nor --output-dir is given).")
    boolean diff;

    @Option(names = "--apply", description = "Edit the files in place (atomically; refused if a file changed since the scan).")
    boolean apply;

    @Option(names = "--output-dir", paramLabel = "DIR", description = "Write one .patch per rule family (git am / git apply), with a commit message.")
    Path outputDir;

    @Option(names = "--unsafe-fixes", description = "Also apply fixes that need review (borrowed-reference rewrites, critical sections, PyMutex locks, free lists compiled out, reentrant libc calls...).")
    boolean unsafeFixes;

    @Option(names = "--backup", description = "With --apply, keep each original as NAME.orig.")
    boolean backup;

    @Option(names = "--force", description = "With --apply, also write read-only files, files reached through a link leading out of the scanned tree, hard-linked files and files owned by someone else.")
    boolean force;

    /** Test seam: runs between the scan and the write (to edit a file under the command's feet). */
    static volatile Runnable afterScan = () -> {};

    @Override
    public Integer call() throws Exception {
        if ((backup || force) && !apply) throw new UserError((backup ? "--backup" : "--force") + " needs --apply");
        if (outputDir != null && Files.exists(outputDir) && !Files.isDirectory(outputDir)) throw new UserError("--output-dir " + outputDir + ": not a directory");
        inputs.validate();
        inputs.planFixes = true;
        ScanInputs.Scan scan = inputs.run();
        FixPlan plan = FixPlan.of(scan.result().scan(), scan.sources().values(), unsafeFixes);
        List<FileChange> changes = plan.changes();
        afterScan.run();
        if (diff || (!apply && outputDir == null)) {
            System.out.write(plan.patches().combinedDiff());
            System.out.flush();
        }
        if (outputDir != null) {
            try {
                for (Path p : plan.patches().writePatches(outputDir)) System.err.println("ftmigrate: wrote " + p);
            } catch (IOException e) {
                throw new UserError("cannot write patches to " + outputDir + ": " + e.getMessage());
            }
        }
        if (apply) {
            try {
                SafeWriter.removeLeftovers(scan.sources().values());
                SafeWriter.Result r = new SafeWriter(backup, force, inputs.trees()).write(changes);
                System.err.println("ftmigrate: patched " + r.written().size() + " file(s)"
                        + (r.backups().isEmpty() ? "" : ", originals kept as *.orig"));
            } catch (StaleFileException e) {
                throw new UserError(e.getMessage().replace("\n", " "));
            } catch (SafeWriter.RefusedException e) {
                throw new UserError("refused: " + e.getMessage());
            } catch (IOException e) {
                throw new UserError("cannot write the patched files: " + e.getMessage() + " (nothing was written)");
            }
        }
        summary(plan.summary(), changes.size(), System.err);
        return 0;
    }

    private void summary(FixPlan.Summary s, int files, PrintStream err) {
        if (s.nothingToDo()) err.println("ftmigrate: nothing to fix" + (s.reviewOnly().isEmpty() ? "" : " with safe fixes"));
        else err.println("ftmigrate: " + (apply ? "applied " : "proposed ") + count(s.applied()) + " fix(es) in " + files + " file(s): " + list(s.applied()));
        if (!s.reviewOnly().isEmpty()) {
            err.println("ftmigrate: " + count(s.reviewOnly()) + " fix(es) need review, not applied: " + list(s.reviewOnly())
                    + " (use --unsafe-fixes to apply them)");
        }
        if (!s.advice().isEmpty()) err.println("ftmigrate: " + count(s.advice()) + " finding(s) with advice only (see the scan report): " + list(s.advice()));
        if (!s.withoutFix().isEmpty()) err.println("ftmigrate: " + count(s.withoutFix()) + " finding(s) without a fix: " + list(s.withoutFix()));
        for (Rejection r : s.conflicts()) err.println("ftmigrate: conflict, not applied: " + r);
    }

    private static int count(Map<String, Integer> m) { return m.values().stream().mapToInt(Integer::intValue).sum(); }

    private static String list(Map<String, Integer> m) {
        StringBuilder sb = new StringBuilder();
        m.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(" (").append(v).append(")"));
        return sb.toString();
    }
}
