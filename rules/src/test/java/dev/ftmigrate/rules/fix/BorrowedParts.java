package dev.ftmigrate.rules.fix;

import dev.ftmigrate.analyzer.Ast;
import dev.ftmigrate.analyzer.CFunction;
import dev.ftmigrate.analyzer.CParser;
import dev.ftmigrate.analyzer.FileModel;
import dev.ftmigrate.analyzer.ModelBuilder;
import dev.ftmigrate.analyzer.ParseOptions;
import dev.ftmigrate.analyzer.SourceFile;
import org.eclipse.cdt.core.dom.ast.ASTVisitor;
import org.eclipse.cdt.core.dom.ast.IASTExpression;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;

import java.util.ArrayList;
import java.util.List;

/** Test helper: the analysis of one function of a small C snippet, as the rewriter runs it. */
final class BorrowedParts {
    private static final CParser PARSER = new CParser(ParseOptions.hermetic());

    private BorrowedParts() {}

    /** The borrowed calls and locals of {@code function} in {@code code} (every borrowed call counts as reported). */
    static BorrowedLocals locals(String code, String function) {
        FileModel model = ModelBuilder.build(PARSER.parse(SourceFile.ofText("snippet.c", "#include <Python.h>\n" + code)));
        CFunction fn = model.functions().stream().filter(f -> f.name().equals(function)).findFirst().orElseThrow();
        List<IASTFunctionCallExpression> calls = new ArrayList<>();
        fn.node().getBody().accept(new ASTVisitor() {
            { shouldVisitExpressions = true; }

            @Override
            public int visit(IASTExpression e) {
                if (e instanceof IASTFunctionCallExpression c && StrongRef.OLD.containsKey(String.valueOf(Ast.calleeName(c)))) calls.add(c);
                return PROCESS_CONTINUE;
            }
        });
        return new BorrowedLocals(model, fn, calls);
    }

    static OwnershipFacts facts(String code, String function) {
        BorrowedLocals locals = locals(code, function);
        return OwnershipFlow.walk(locals, locals.fixableVars());
    }
}
