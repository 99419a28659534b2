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

    static List<Finding> scan(SourceFile src) {
        return new Analysis(PARSER, RuleCatalog.all(), 1, true, true)
                .run(List.of(new InputFile(src.relPath(), src, null))).scan().findings();
    }

    static FixPlan plan(SourceFile src, boolean unsafe) {
        ScanResult r = new ScanResult(scan(src), List.of(), RuleCatalog.descriptors(), 0, 0);
        return FixPlan.of(r, List.of(src), unsafe);
    }

    /** The text after every accepted fix (the input's text when nothing applies). */
    static String fixedText(SourceFile src, boolean unsafe) {
        List<FileChange> changes = plan(src, unsafe).changes();
        return changes.isEmpty() ? src.text() : changes.get(0).newText();
    }

    /** A whole-tree scan through the real pipeline, as the patch command does it. */
    static Analysis.Result scanTree(List<Path> files, Path root) {
        List<InputFile> in = new ArrayList<>();
        for (Path f : files) in.add(InputFile.read(f, root.relativize(f).toString().replace('\\', '/')));
        return new Analysis(PARSER, RuleCatalog.all(), 2, true, true).run(in);
    }
}
