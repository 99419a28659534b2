package dev.ftmigrate.rules.fix;

import dev.ftmigrate.analyzer.Ast;
import dev.ftmigrate.analyzer.CFunction;
import dev.ftmigrate.analyzer.FileModel;
import dev.ftmigrate.analyzer.FunctionScope;
import org.eclipse.cdt.core.dom.ast.ASTVisitor;
import org.eclipse.cdt.core.dom.ast.IASTCompoundStatement;
import org.eclipse.cdt.core.dom.ast.IASTDeclarationStatement;
import org.eclipse.cdt.core.dom.ast.IASTDeclarator;
import org.eclipse.cdt.core.dom.ast.IASTEqualsInitializer;
import org.eclipse.cdt.core.dom.ast.IASTExpression;
import org.eclipse.cdt.core.dom.ast.IASTGotoStatement;
import org.eclipse.cdt.core.dom.ast.IASTLabelStatement;
import org.eclipse.cdt.core.dom.ast.IASTReturnStatement;
import org.eclipse.cdt.core.dom.ast.IASTSimpleDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTStatement;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How a function reports an error, read from its own code: the cleanup label its gotos use when
 * that label returns the error value, else a plain {@code return NULL;} / {@code return -1;}. A new
 * error exit follows it, so it is released where the function's other errors are.
 */
final class ErrorConvention {
    /** How the function reports an error: {@code goto label;} or {@code return value;}. */
    record ErrorExit(String label, String value, String resultVar) {
        String statement() { return label != null ? "goto " + label + ";" : "return " + value + ";"; }
    }

    static final Set<String> ERROR_LABELS = Set.of("error", "err", "fail", "failed", "failure", "error_exit", "on_error", "bad", "except");

    private final FileModel model;
    private final CFunction fn;
    private final IASTCompoundStatement body;
    /** The function's convention, or null when it has none this fixer can follow. */
    final ErrorExit errorExit;

    ErrorConvention(FileModel model, CFunction fn, String returnType, Map<String, IASTLabelStatement> topLabels) {
        this.model = model;
        this.fn = fn;
        this.body = (IASTCompoundStatement) fn.node().getBody();
        this.errorExit = errorExit(returnType, topLabels);
    }

    private ErrorExit errorExit(String returnType, Map<String, IASTLabelStatement> topLabels) {
        if (returnType == null) return null;
        String value;
        String text = Ast.text(model.source(), fn.node());
        if (returnType.endsWith("*")) value = "NULL";
        else if (Set.of("int", "Py_ssize_t", "long").contains(returnType)
                && (text.matches("(?s).*\\breturn\\s+-1\\s*;.*") || text.matches("(?s).*\\b(int|Py_ssize_t|long)\\s+\\w+\\s*=\\s*-1\\s*[;,].*"))) value = "-1";
        else return null;
        // The cleanup label the function's own gotos use: a conventional name first, then any label jumped to.
        List<IASTLabelStatement> labels = new ArrayList<>(topLabels.values());
        labels.sort(Comparator.comparing((IASTLabelStatement l) -> !ERROR_LABELS.contains(l.getName().toString()))
                .thenComparingInt(l -> Ast.range(l).start()));
        Set<String> jumpedTo = gotoTargets();
        for (IASTLabelStatement l : labels) {
            String name = l.getName().toString();
            if (!ERROR_LABELS.contains(name) && !jumpedTo.contains(name)) continue;
            String tail = returnedAfter(l);
            if (value.equals(tail)) return new ErrorExit(name, value, null);
        }
        // A common exit returning the function's result variable, still at its error value where the error happens.
        for (IASTLabelStatement l : labels) {
            String name = l.getName().toString(), tail = returnedAfter(l);
            if (!jumpedTo.contains(name) || tail == null || !tail.matches("[A-Za-z_]\\w*") || !initialisedTo(tail, value)) continue;
            return new ErrorExit(name, value, tail);
        }
        return new ErrorExit(null, value, null);
    }

    /** How to leave with an error from {@code offset}: the common exit when its result variable is still unset there. */
    ErrorExit at(int offset) {
        if (errorExit == null || errorExit.resultVar() == null) return errorExit;
        FunctionScope scope = new FunctionScope(fn);
        boolean unset = scope.assignments(errorExit.resultVar()).stream().allMatch(a -> a.offset() > offset
                || Ast.text(model.source(), a.value()).strip().equals(errorExit.value()));
        return unset ? errorExit : new ErrorExit(null, errorExit.value(), null);
    }

    private Set<String> gotoTargets() {
        Set<String> out = new HashSet<>();
        body.accept(new ASTVisitor() {
            { shouldVisitStatements = true; }

            @Override
            public int visit(IASTStatement s) {
                if (s instanceof IASTGotoStatement g) out.add(g.getName().toString());
                return PROCESS_CONTINUE;
            }
        });
        return out;
    }

    /** A local declared at the top of the body with {@code value} as its initialiser. */
    private boolean initialisedTo(String name, String value) {
        for (IASTStatement s : body.getStatements()) {
            if (!(s instanceof IASTDeclarationStatement ds) || !(ds.getDeclaration() instanceof IASTSimpleDeclaration sd)) continue;
            for (IASTDeclarator d : sd.getDeclarators()) {
                if (d.getName().toString().equals(name) && d.getInitializer() instanceof IASTEqualsInitializer eq) {
                    String init = Ast.text(model.source(), eq.getInitializerClause()).strip();
                    return init.equals(value) || (value.equals("NULL") && Stmts.isNull((IASTExpression) eq.getInitializerClause()));
                }
            }
        }
        return false;
    }

    /** The text of the first return the statements from the label on reach, or null. */
    private String returnedAfter(IASTLabelStatement l) {
        boolean on = false;
        for (IASTStatement s : body.getStatements()) {
            if (s == l) on = true;
            if (!on) continue;
            IASTStatement t = s;
            while (t instanceof IASTLabelStatement ls) t = ls.getNestedStatement();
            if (t instanceof IASTReturnStatement r) return r.getReturnValue() == null ? null : Ast.text(model.source(), r.getReturnValue()).strip();
        }
        return null;
    }
}
