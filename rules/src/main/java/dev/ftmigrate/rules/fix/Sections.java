package dev.ftmigrate.rules.fix;

import dev.ftmigrate.analyzer.Ast;
import dev.ftmigrate.analyzer.CFunction;
import dev.ftmigrate.analyzer.FileModel;
import dev.ftmigrate.rules.Fix;
import dev.ftmigrate.rules.engine.FixContext;
import org.eclipse.cdt.core.dom.ast.ASTVisitor;
import org.eclipse.cdt.core.dom.ast.IASTBinaryExpression;
import org.eclipse.cdt.core.dom.ast.IASTCompoundStatement;
import org.eclipse.cdt.core.dom.ast.IASTDoStatement;
import org.eclipse.cdt.core.dom.ast.IASTExpression;
import org.eclipse.cdt.core.dom.ast.IASTFieldReference;
import org.eclipse.cdt.core.dom.ast.IASTForStatement;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;
import org.eclipse.cdt.core.dom.ast.IASTIfStatement;
import org.eclipse.cdt.core.dom.ast.IASTInitializerClause;
import org.eclipse.cdt.core.dom.ast.IASTNode;
import org.eclipse.cdt.core.dom.ast.IASTStatement;
import org.eclipse.cdt.core.dom.ast.IASTWhileStatement;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Where each rule's critical section goes; {@link CriticalSection} writes it. */
public final class Sections {
    private Sections() {}

    /** FT306: around the loop whose condition is the PyDict_Next call. */
    public static Fix dictLoop(FixContext fx, IASTFunctionCallExpression call) {
        FileModel model = fx.model();
        Optional<CFunction> fn = model.functionAt(Ast.range(call).start());
        IASTInitializerClause dict = Ast.arg(call, 0);
        if (fn.isEmpty() || dict == null) return null;
        String obj = Ast.text(model.source(), dict);
        if (!Region.simple(obj)) return CriticalSection.advice("the dict is not a plain variable or field (`" + obj + "`)");
        IASTStatement loop = null;
        for (IASTNode n = call; n != null && loop == null; n = n.getParent()) {
            if (n.getParent() instanceof IASTWhileStatement w && w.getCondition() == n) loop = w;
            else if (n.getParent() instanceof IASTForStatement f && f.getConditionExpression() == n) loop = f;
            else if (n.getParent() instanceof IASTDoStatement d && d.getCondition() == n) loop = d;
            else if (n instanceof IASTStatement) break;
        }
        if (loop == null || !(loop.getParent() instanceof IASTCompoundStatement block)) {
            return CriticalSection.advice("PyDict_Next() is not the condition of a loop that is a statement of its own");
        }
        int i = List.of(block.getStatements()).indexOf(loop);
        return CriticalSection.wrap(fx, fn.get(), block, i, i, obj, CriticalSection.Kind.OBJECT, Region.tag(obj), "around the loop");
    }

    /** FT404: from the first to the last statement of the method body that uses a field of self. */
    public static Fix selfFields(FixContext fx, CFunction fn, String self, Set<String> headerFields) {
        FileModel model = fx.model();
        IASTCompoundStatement body = (IASTCompoundStatement) fn.node().getBody();
        IASTStatement[] all = body.getStatements();
        int from = -1, to = -1;
        for (int i = 0; i < all.length; i++) {
            if (usesField(all[i], self, headerFields)) {
                if (from < 0) from = i;
                to = i;
            }
        }
        if (from < 0) return CriticalSection.advice("the fields of `" + self + "` are used only through macros");
        return CriticalSection.wrap(fx, fn, body, from, to, self, CriticalSection.Kind.OBJECT, "", "around the uses of its fields");
    }

    private static boolean usesField(IASTStatement s, String self, Set<String> header) {
        boolean[] hit = {false};
        s.accept(new ASTVisitor() {
            { shouldVisitExpressions = true; }

            @Override
            public int visit(IASTExpression e) {
                if (e instanceof IASTFieldReference ref && self.equals(Ast.identifier(ref.getFieldOwner()))
                        && !header.contains(ref.getFieldName().toString())) hit[0] = true;
                return hit[0] ? PROCESS_ABORT : PROCESS_CONTINUE;
            }
        });
        return hit[0];
    }

    /**
     * FT307: from the statement after {@code seq = PySequence_Fast(arg, ...)} (and its NULL check)
     * to the last statement that uses {@code seq} other than releasing it, locking {@code arg}.
     */
    public static Fix sequenceFast(FixContext fx, IASTFunctionCallExpression use) {
        FileModel model = fx.model();
        Optional<CFunction> fn = model.functionAt(Ast.range(use).start());
        String seq = Ast.identifier(Ast.arg(use, 0));
        if (fn.isEmpty()) return null;
        if (seq == null) return CriticalSection.advice("the sequence is not a local variable");
        List<IASTStatement> origins = new ArrayList<>();
        List<IASTFunctionCallExpression> fasts = new ArrayList<>();
        fn.get().node().getBody().accept(new ASTVisitor() {
            { shouldVisitExpressions = true; }

            @Override
            public int visit(IASTExpression e) {
                if (e instanceof IASTFunctionCallExpression c && "PySequence_Fast".equals(Ast.calleeName(c))) {
                    IASTStatement s = Stmts.containing(c);
                    if (seq.equals(ModuleGilFix.assignedVariable(s, c))) { origins.add(s); fasts.add(c); }
                }
                return PROCESS_CONTINUE;
            }
        });
        if (origins.size() != 1 || !(origins.get(0).getParent() instanceof IASTCompoundStatement block)) {
            return CriticalSection.advice("`" + seq + "` is not set by exactly one PySequence_Fast() statement");
        }
        String arg = Ast.text(model.source(), Ast.arg(fasts.get(0), 0));
        if (!Region.simple(arg)) return CriticalSection.advice("the sequence passed to PySequence_Fast() is not a plain variable");
        IASTStatement[] all = block.getStatements();
        // From the first use of seq after the call and its NULL check (declarations in between stay outside).
        int from = List.of(all).indexOf(origins.get(0)) + 1;
        while (from < all.length && !Stmts.mentions(all[from], seq)) from++;
        if (from < all.length && all[from] instanceof IASTIfStatement ifs && Stmts.nullTest(ifs.getConditionExpression()) != null
                && seq.equals(Stmts.nullTest(ifs.getConditionExpression()).variable()) && ifs.getElseClause() == null) from++;
        int to = -1;
        for (int i = from; i < all.length; i++) {
            if (Stmts.mentions(all[i], seq) && !releases(all[i], seq) && !(all[i] instanceof org.eclipse.cdt.core.dom.ast.IASTReturnStatement r
                    && r.getReturnValue() != null && seq.equals(Ast.identifier(r.getReturnValue())))) to = i;
        }
        if (to < from) return CriticalSection.advice("the items of `" + seq + "` are not used after the PySequence_Fast() check");
        var r = Ast.range(use);
        if (r.start() < Ast.range(all[from]).start() || r.end() > Ast.range(all[to]).end()) {
            return CriticalSection.advice("the items are used outside the block of the PySequence_Fast() call");
        }
        if (reassigned(fn.get(), arg)) return CriticalSection.advice("`" + arg + "` is assigned again in the function");
        return CriticalSection.wrap(fx, fn.get(), block, from, from, to, arg, CriticalSection.Kind.SEQUENCE_FAST, Region.tag(seq),
                "while the items of `" + seq + "` are used");
    }

    private static boolean releases(IASTStatement s, String v) {
        String op = Stmts.refOp(s, v);
        return op != null && op.endsWith("DECREF");
    }

    private static boolean reassigned(CFunction fn, String var) {
        boolean[] hit = {false};
        fn.node().getBody().accept(new ASTVisitor() {
            { shouldVisitExpressions = true; }

            @Override
            public int visit(IASTExpression e) {
                if (e instanceof IASTBinaryExpression b && Stmts.isAssign(b.getOperator()) && var.equals(Ast.identifier(b.getOperand1()))) hit[0] = true;
                return PROCESS_CONTINUE;
            }
        });
        return hit[0];
    }

    /** FT104: around the statement of the function body holding the access, widened to the uses of what it takes from the list. */
    public static Fix listInternals(FixContext fx, IASTNode site, IASTInitializerClause container) {
        FileModel model = fx.model();
        Optional<CFunction> fn = model.functionAt(Ast.range(site).start());
        if (fn.isEmpty() || container == null) return null;
        String obj = Ast.text(model.source(), Ast.strip(container, false));
        if (!Region.simple(obj)) return CriticalSection.advice("the list is not a plain variable or field (`" + obj + "`)");
        IASTCompoundStatement body = (IASTCompoundStatement) fn.get().node().getBody();
        IASTNode n = site;
        while (n != null && n.getParent() != body) n = n.getParent();
        if (!(n instanceof IASTStatement top)) return null;
        int i = List.of(body.getStatements()).indexOf(top);
        return CriticalSection.wrap(fx, fn.get(), body, i, i, obj, CriticalSection.Kind.OBJECT, Region.tag(obj),
                "while the list's item array is used");
    }
}
