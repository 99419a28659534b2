package dev.ftmigrate.rules.engine;

import dev.ftmigrate.analyzer.Ast;
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

    public List<Finding> run(FileModel model) {
        RuleContext ctx = new RuleContext(model);
        boolean generated = model.cythonGenerated();
        for (FileRule r : file) {
            if (generated && !r.runsOnGeneratedCode()) continue;
            ctx.use(r);
            r.onFile(ctx);
        }
        if (!generated) walk(model, ctx);
        List<Finding> out = new ArrayList<>(ctx.findings());
        out.sort(ORDER);
        return out;
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
                        ctx.use(r);
                        r.onCall(call, callee, ctx);
                    }
                } else if (e instanceof IASTFieldReference ref) {
                    String field = ref.getFieldName().toString();
                    for (FieldRule r : byField.getOrDefault(field, List.of())) {
                        ctx.use(r);
                        r.onField(ref, field, ctx);
                    }
                } else if (e instanceof IASTBinaryExpression b) {
                    for (BinaryRule r : binary) {
                        ctx.use(r);
                        r.onBinary(b, ctx);
                    }
                }
                return PROCESS_CONTINUE;
            }
        });
    }
}
