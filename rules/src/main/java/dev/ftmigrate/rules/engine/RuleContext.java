package dev.ftmigrate.rules.engine;

import dev.ftmigrate.analyzer.Ast;
import dev.ftmigrate.analyzer.CFunction;
import dev.ftmigrate.analyzer.ExtensionModel;
import dev.ftmigrate.analyzer.FileModel;
import dev.ftmigrate.analyzer.Sharing;
import dev.ftmigrate.analyzer.SourceFile;
import dev.ftmigrate.analyzer.TextRange;
import dev.ftmigrate.rules.Confidence;
import dev.ftmigrate.rules.Finding;
import dev.ftmigrate.rules.Fix;
import dev.ftmigrate.rules.Level;
import dev.ftmigrate.rules.Location;
import org.eclipse.cdt.core.dom.ast.IASTNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What a rule sees of the file under analysis, and where it reports. */
public final class RuleContext {
    private final FileModel model;
    private final ExtensionModel extension;
    private final Sharing sharing;
    private final List<Finding> out = new ArrayList<>();
    private Rule current;

    RuleContext(FileModel model, ExtensionModel extension) {
        this.model = model;
        this.extension = extension;
        this.sharing = new Sharing(model, extension::scope, extension.precise());
    }

    /** The whole extension: entry points, call graph, reachability, lock facts. */
    public ExtensionModel extension() { return extension; }

    private final java.util.Set<String> failures = new java.util.TreeSet<>();

    void use(Rule rule) { this.current = rule; }

    void failed(String why) { failures.add(why); }

    java.util.Set<String> failures() { return failures; }

    List<Finding> findings() { return out; }

    public FileModel model() { return model; }

    public SourceFile source() { return model.source(); }

    public Sharing sharing() { return sharing; }

    public Optional<CFunction> functionOf(IASTNode node) {
        TextRange r = Ast.range(node);
        return r == null ? Optional.empty() : model.functionAt(r.start());
    }

    public String text(IASTNode node) { return Ast.text(source(), node); }

    /** Starts a finding of the current rule at a node's range. */
    public Report report(IASTNode node) { return report(Ast.range(node)); }

    public Report report(TextRange range) { return new Report(current, range); }

    /** A finding under construction; {@link #emit()} files it. */
    public final class Report {
        private final Rule rule;
        private final TextRange range;
        private String message;
        private String subject;
        private Confidence confidence = Confidence.HIGH;
        private final List<Location> evidence = new ArrayList<>();
        private Fix fix;

        Report(Rule rule, TextRange range) {
            this.rule = rule;
            this.range = range;
        }

        public Report message(String m) { this.message = m; return this; }

        public Report subject(String s) { this.subject = s; return this; }

        public Report confidence(Confidence c) { this.confidence = c; return this; }

        public Report evidence(TextRange r, String m) {
            evidence.add(Location.of(source(), r.start(), r.end(), m));
            return this;
        }

        /** Evidence in any file of the extension. */
        public Report evidence(String relPath, TextRange r, String m) {
            FileModel other = relPath.equals(source().relPath()) ? model : extension.file(relPath);
            SourceFile f = other == null ? null : other.source();
            if (f != null && r != null) evidence.add(Location.of(f, r.start(), r.end(), m));
            return this;
        }

        /** The entry point and call path that reach {@code fn}, as evidence. */
        public Report pathTo(CFunction fn) {
            for (ExtensionModel.Step s : extension.pathTo(fn)) evidence(s.relPath(), s.range(), s.message());
            return this;
        }

        public Report fix(Fix f) { this.fix = f; return this; }

        public void emit() {
            SourceFile src = source();
            Level level = levelFor(rule.info().level(), confidence);
            String fn = model.functionAt(range.start()).map(CFunction::name).orElse(null);
            String snippet = src.lineText(src.line(range.start())).strip();
            out.add(new Finding(rule.id(), level, confidence, Location.of(src, range.start(), range.end()),
                    message, subject, fn, evidence, snippet, Optional.ofNullable(fix)));
        }
    }

    /** High confidence keeps the rule's level; each step down lowers it one level. */
    static Level levelFor(Level base, Confidence c) {
        int i = Math.min(Level.values().length - 1, base.ordinal() + c.ordinal());
        return Level.values()[i];
    }
}
