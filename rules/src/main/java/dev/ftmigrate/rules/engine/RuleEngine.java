package dev.ftmigrate.rules.engine;

import dev.ftmigrate.analyzer.Ast;
import dev.ftmigrate.analyzer.ExtensionModel;
import dev.ftmigrate.analyzer.FileModel;
import dev.ftmigrate.rules.Finding;
import org.eclipse.cdt.core.dom.ast.ASTVisitor;
import org.eclipse.cdt.core.dom.ast.IASTBinaryExpression;
import org.eclipse.cdt.core.dom.ast.IASTExpression;
import org.eclipse.cdt.core.dom.ast.IASTFieldReference;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Walks each file once and dispatches every node to the rules that asked for its kind. */
public final class RuleEngine {
    public static final Comparator<Finding> ORDER = Comparator
            .comparing((Finding f) -> f.location().relPath())
            .thenComparingInt(f -> f.location().startOffset())
            .thenComparing(Finding::ruleId)
            .thenComparingInt(f -> f.location().endOffset())
            .thenComparing(Finding::message);

    private final List<Rule> rules;
    private final Map<String, List<CallRule>> byCallee = new HashMap<>();
    private final Map<String, List<FieldRule>> byField = new HashMap<>();
    private final List<BinaryRule> binary = new ArrayList<>();
    private final List<FileRule> file = new ArrayList<>();

    public RuleEngine(List<? extends Rule> rules) {
        this.rules = List.copyOf(rules);
        for (Rule r : rules) {
            if (r instanceof CallRule c) c.callees().forEach(n -> byCallee.computeIfAbsent(n, k -> new ArrayList<>()).add(c));
            if (r instanceof FieldRule f) f.fields().forEach(n -> byField.computeIfAbsent(n, k -> new ArrayList<>()).add(f));
            if (r instanceof BinaryRule b) binary.add(b);
            if (r instanceof FileRule fr) file.add(fr);
        }
    }

    public List<Rule> rules() { return rules; }

    /**
     * One file's detection: its findings in report order, the fix each asked for (planned later by
     * {@link FixStage}), the context they were found in, and the rules that threw (distinct messages).
     */
    public record FileFindings(List<Finding> findings, Map<Finding, FixRequest> requests, RuleContext context,
                               List<String> failures) {}

    /** One file as its own extension (tests, single-file scans). */
    public FileFindings run(FileModel model) {
        return run(model, ExtensionModel.build(List.of(model)));
    }

    public FileFindings run(FileModel model, ExtensionModel extension) {
        RuleContext ctx = new RuleContext(model, extension);
        boolean generated = model.generatedSkipped();
        for (FileRule r : file) {
            if (generated && !r.runsOnGeneratedCode()) continue;
            safely(ctx, r, () -> r.onFile(ctx));
        }
        if (!generated) walk(model, ctx);
        // A macro used once but expanding to several accesses maps them all to its invocation: report it once.
        java.util.Set<String> seen = new java.util.HashSet<>();
        List<Finding> out = new ArrayList<>();
        for (Finding f : ctx.findings()) {
            if (seen.add(f.ruleId() + "@" + f.location().startOffset() + ":" + f.location().endOffset() + ":" + f.subject())) out.add(f);
        }
        out.sort(ORDER);
        return new FileFindings(out, ctx.requests(), ctx, List.copyOf(ctx.failures()));
    }

    /** One rule failing on one node must not cost the file its other findings: record it and go on. */
    private static void safely(RuleContext ctx, Rule r, Runnable check) {
        ctx.use(r);
        try {
            check.run();
        } catch (RuntimeException | StackOverflowError e) {
            ctx.failed(r.id() + " failed: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    private void walk(FileModel model, RuleContext ctx) {
        model.parsed().ast().accept(new ASTVisitor() {
            { shouldVisitExpressions = true; }

            @Override
            public int visit(IASTExpression e) {
                if (!e.isPartOfTranslationUnitFile() || Ast.range(e) == null) return PROCESS_CONTINUE;
                if (e instanceof IASTFunctionCallExpression call) {
                    String callee = Ast.calleeName(call);
                    for (CallRule r : byCallee.getOrDefault(callee, List.of())) {
                        safely(ctx, r, () -> r.onCall(call, callee, ctx));
                    }
                } else if (e instanceof IASTFieldReference ref) {
                    String field = ref.getFieldName().toString();
                    for (FieldRule r : byField.getOrDefault(field, List.of())) {
                        safely(ctx, r, () -> r.onField(ref, field, ctx));
                    }
                } else if (e instanceof IASTBinaryExpression b) {
                    for (BinaryRule r : binary) {
                        safely(ctx, r, () -> r.onBinary(b, ctx));
                    }
                }
                return PROCESS_CONTINUE;
            }
        });
    }
}
