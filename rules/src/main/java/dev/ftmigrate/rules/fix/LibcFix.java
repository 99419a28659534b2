package dev.ftmigrate.rules.fix;

import dev.ftmigrate.analyzer.Ast;
import dev.ftmigrate.analyzer.CFunction;
import dev.ftmigrate.analyzer.FileModel;
import dev.ftmigrate.analyzer.SourceFile;
import dev.ftmigrate.analyzer.TextRange;
import dev.ftmigrate.rules.Fix;
import dev.ftmigrate.rules.FixSafety;
import dev.ftmigrate.rules.TextEdit;
import dev.ftmigrate.rules.engine.FixContext;
import org.eclipse.cdt.core.dom.ast.ASTVisitor;
import org.eclipse.cdt.core.dom.ast.IASTBinaryExpression;
import org.eclipse.cdt.core.dom.ast.IASTCompoundStatement;
import org.eclipse.cdt.core.dom.ast.IASTDeclarator;
import org.eclipse.cdt.core.dom.ast.IASTEqualsInitializer;
import org.eclipse.cdt.core.dom.ast.IASTExpression;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;
import org.eclipse.cdt.core.dom.ast.IASTNode;
import org.eclipse.cdt.core.dom.ast.IASTReturnStatement;
import org.eclipse.cdt.core.dom.ast.IASTStatement;
import org.eclipse.cdt.core.dom.ast.IASTUnaryExpression;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * FT501: the POSIX reentrant variant where the rewrite is mechanical: strtok → strtok_r with one
 * {@code char *ftm_save} per function (its calls share a cursor, as they shared libc's),
 * localtime/gmtime → _r with a local {@code struct tm ftm_tm}, ctime/asctime → _r with a local
 * 26-char buffer. The results then live in the function's frame, so a result that outlives it
 * (returned, or stored outside a local) declines the fix. MSVC spellings come from a compat block.
 * Every other call (getenv, rand, setlocale...) keeps its advice.
 */
public final class LibcFix {
    private record Variant(String name, String extraArg, String local) {}

    private static final Map<String, Variant> VARIANTS = Map.of(
            "strtok", new Variant("strtok_r", "&ftm_save", "char *ftm_save = NULL;"),
            "localtime", new Variant("localtime_r", "&ftm_tm", "struct tm ftm_tm;"),
            "gmtime", new Variant("gmtime_r", "&ftm_tm", "struct tm ftm_tm;"),
            "ctime", new Variant("ctime_r", "ftm_timebuf", "char ftm_timebuf[26];"),
            "asctime", new Variant("asctime_r", "ftm_timebuf", "char ftm_timebuf[26];"));

    private LibcFix() {}

    public static boolean rewritable(String callee) { return VARIANTS.containsKey(callee); }

    /**
     * Rewrites every reported rewritable call of the function (they share the new locals); an
     * ADVICE fix when one of them cannot be.
     *
     * @param reported the rule's own test, so only reported calls change
     */
    public static Fix fix(FixContext fx, IASTFunctionCallExpression call, Predicate<IASTFunctionCallExpression> reported) {
        FileModel model = fx.model();
        String callee = Ast.calleeName(call);
        if (!rewritable(callee)) return null;
        Optional<CFunction> fn = model.functionAt(Ast.range(call).start());
        if (fn.isEmpty()) return null;
        SourceFile src = model.source();
        List<IASTFunctionCallExpression> calls = new ArrayList<>();
        fn.get().node().getBody().accept(new ASTVisitor() {
            { shouldVisitExpressions = true; }

            @Override
            public int visit(IASTExpression e) {
                if (e instanceof IASTFunctionCallExpression c && rewritable(String.valueOf(Ast.calleeName(c))) && (c == call || reported.test(c))) calls.add(c);
                return PROCESS_CONTINUE;
            }
        });
        IASTCompoundStatement body = (IASTCompoundStatement) fn.get().node().getBody();
        if (body.getStatements().length == 0) return null;
        List<TextEdit> edits = new ArrayList<>();
        Set<String> locals = new LinkedHashSet<>();
        for (IASTFunctionCallExpression c : calls) {
            String name = Ast.calleeName(c);
            Variant v = VARIANTS.get(name);
            TextRange r = Ast.range(c);
            String text = src.text().substring(r.start(), r.end());
            if (!SourceText.literal(c) || !text.startsWith(name) || !text.endsWith(")")) return advice(name + "() is called through a macro");
            if (!name.equals("strtok") && escapes(src, c)) {
                return advice("the result of " + name + "() outlives the call (returned or stored outside a local): "
                        + "give the caller a struct tm or buffer of its own");
            }
            if (Stmts.mentions(fn.get().node().getBody(), v.extraArg().replace("&", ""))) return advice("the function already uses the name " + v.extraArg().replace("&", ""));
            String args = text.substring(text.indexOf('(') + 1, text.length() - 1);
            edits.add(new TextEdit(src.relPath(), r.start(), r.length(), v.name() + "(" + args + ", " + v.extraArg() + ")"));
            locals.add(v.local());
        }
        IASTStatement first = body.getStatements()[0];
        TextRange fr = Ast.range(first);
        if (fr == null || !SourceText.firstOnLine(src.text(), fr.start())) return advice("the function's first statement shares its line");
        String ind = SourceText.indentAt(src.text(), fr.start());
        edits.add(TextEdit.insert(src.relPath(), fr.start(), String.join("\n" + ind, locals) + "\n" + ind));
        Optional<List<TextEdit>> compat = Compat.provide(fx, "strtok_r");
        if (compat.isEmpty()) return advice("no #include to put the MSVC compat block after");
        edits.addAll(compat.get());
        Set<String> names = new LinkedHashSet<>();
        for (IASTFunctionCallExpression c : calls) names.add(Ast.calleeName(c) + "() → " + VARIANTS.get(Ast.calleeName(c)).name() + "()");
        return new Fix("use the reentrant variants in " + fn.get().name() + "(): " + String.join(", ", names)
                + ", with their state in the function's frame (POSIX; MSVC through a compat block)", FixSafety.REVIEW, edits);
    }

    /** The value is returned, or stored into something other than a local of the function (directly or through one local). */
    private static boolean escapes(SourceFile src, IASTFunctionCallExpression c) {
        IASTNode p = c.getParent();
        while (p instanceof IASTUnaryExpression u && u.getOperator() == IASTUnaryExpression.op_bracketedPrimary) p = p.getParent();
        String var = null;
        if (p instanceof IASTReturnStatement) return true;
        if (p instanceof IASTBinaryExpression b && b.getOperator() == IASTBinaryExpression.op_assign) {
            var = Ast.identifier(b.getOperand1());
            if (var == null) return true;
        } else if (p instanceof IASTEqualsInitializer eq && eq.getParent() instanceof IASTDeclarator d) {
            var = d.getName().toString();
        }
        if (var == null) return false;
        String v = var;
        IASTNode fnBody = c;
        while (fnBody != null && !(fnBody instanceof org.eclipse.cdt.core.dom.ast.IASTFunctionDefinition)) fnBody = fnBody.getParent();
        if (fnBody == null) return true;
        boolean[] hit = {false};
        fnBody.accept(new ASTVisitor() {
            { shouldVisitStatements = true; shouldVisitExpressions = true; }

            @Override
            public int visit(IASTStatement s) {
                // Returning the pointer itself escapes; returning what it points to (a copy) does not.
                if (s instanceof IASTReturnStatement r && v.equals(Ast.identifier(r.getReturnValue()))) hit[0] = true;
                return PROCESS_CONTINUE;
            }

            @Override
            public int visit(IASTExpression e) {
                if (e instanceof IASTBinaryExpression b && b.getOperator() == IASTBinaryExpression.op_assign
                        && v.equals(Ast.identifier(b.getOperand2())) && Ast.identifier(b.getOperand1()) == null) hit[0] = true;
                return PROCESS_CONTINUE;
            }
        });
        return hit[0] || isStatic(src, v, fnBody);
    }

    /** The variable is a static of the function or of the file (not declared as a plain local). */
    private static boolean isStatic(SourceFile src, String v, IASTNode fn) {
        boolean[] local = {false};
        fn.accept(new ASTVisitor() {
            { shouldVisitDeclarators = true; }

            @Override
            public int visit(IASTDeclarator d) {
                if (d.getName().toString().equals(v) && !d.getParent().getRawSignature().strip().startsWith("static")) local[0] = true;
                return PROCESS_CONTINUE;
            }
        });
        return !local[0];
    }

    static Fix advice(String why) {
        return new Fix("not rewritten automatically: " + why, FixSafety.ADVICE, List.of());
    }
}
