package dev.ftmigrate.patcher;

import dev.ftmigrate.analyzer.CParser;
import dev.ftmigrate.analyzer.ModelBuilder;
import dev.ftmigrate.analyzer.ParseOptions;
import dev.ftmigrate.analyzer.SourceFile;
import dev.ftmigrate.analyzer.input.InputFile;
import dev.ftmigrate.rules.Finding;
import dev.ftmigrate.rules.RuleCatalog;
import dev.ftmigrate.rules.ScanResult;
import dev.ftmigrate.rules.engine.Analysis;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test helper: scan in memory, plan every fix (review ones included), return the new text. */
final class Fixing {
    static final CParser PARSER = new CParser(ParseOptions.hermetic());

    private Fixing() {}

    static List<Finding> scan(SourceFile... srcs) {
        List<InputFile> in = new ArrayList<>();
        for (SourceFile s : srcs) in.add(new InputFile(s.relPath(), s, null));
        return new Analysis(PARSER, RuleCatalog.all(), 1, true, true).run(in).scan().findings();
    }

    static FixPlan plan(SourceFile src, boolean unsafe) {
        return plan(List.of(src), unsafe);
    }

    /** One run over several files of one extension (a fixed file and the compat header it includes). */
    static FixPlan plan(List<SourceFile> srcs, boolean unsafe) {
        ScanResult r = new ScanResult(scan(srcs.toArray(SourceFile[]::new)), List.of(), RuleCatalog.descriptors(), 0, 0);
        return FixPlan.of(r, srcs, unsafe);
    }

    /** The compat header a plan creates, if any. */
    static java.util.Optional<FileChange> createdHeader(FixPlan plan) {
        return plan.changes().stream().filter(FileChange::created).findFirst();
    }

    /** The text of {@code src} after every accepted fix (its text when nothing applies); a created compat header is left out. */
    static String fixedText(SourceFile src, boolean unsafe) {
        return plan(src, unsafe).changes().stream().filter(c -> c.relPath().equals(src.relPath()))
                .map(FileChange::newText).findFirst().orElse(src.text());
    }

    /** A whole-tree scan through the real pipeline, as the patch command does it. */
    static Analysis.Result scanTree(List<Path> files, Path root) {
        List<InputFile> in = new ArrayList<>();
        for (Path f : files) in.add(InputFile.read(f, root.relativize(f).toString().replace('\\', '/')));
        return new Analysis(PARSER, RuleCatalog.all(), 2, true, true).run(in);
    }
}
