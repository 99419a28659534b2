package dev.ftmigrate.rules.fix;

import dev.ftmigrate.analyzer.Ast;
import dev.ftmigrate.analyzer.CFunction;
import dev.ftmigrate.analyzer.FieldShapes;
import dev.ftmigrate.analyzer.Locks;
import dev.ftmigrate.analyzer.SourceFile;
import org.eclipse.cdt.core.dom.ast.ASTVisitor;
import org.eclipse.cdt.core.dom.ast.IASTCompoundStatement;
import org.eclipse.cdt.core.dom.ast.IASTGotoStatement;
import org.eclipse.cdt.core.dom.ast.IASTLabelStatement;
import org.eclipse.cdt.core.dom.ast.IASTNode;
import org.eclipse.cdt.core.dom.ast.IASTReturnStatement;
import org.eclipse.cdt.core.dom.ast.IASTStatement;

import java.util.List;
import java.util.Set;

/**
 * Where a critical section with exits inside goes, so that it closes in the same block where it
 * opened (the macros are a C block) with no exit flag: as a maintainer writes it, the section
 * either runs to the function's final return (Argument Clinic's {@code @critical_section}), or
 * ends just before the label its exits jump to (the normal path falls into that label too). No
 * placement holds statements that release the object itself. Else {@link ExitFlag} may apply.
 */
final class SectionPlacement {
    /**
     * The statements to bracket. {@code atLabel}: the exits all jump to the label right after the
     * region, so they jump to the end of the section instead and nothing follows it.
     */
    record Placed(IASTCompoundStatement block, Region region, boolean atLabel) {}

    private SectionPlacement() {}

    static Placed place(SourceFile src, CFunction fn, IASTCompoundStatement block, int from, int to, String obj) {
        Region reg = new Region(src, block, from, to);
        List<Region.Exit> exits = reg.exits();
        if (exits.isEmpty()) return new Placed(block, reg, false);
        IASTCompoundStatement body = (IASTCompoundStatement) fn.node().getBody();
        if (block == body) {
            Region whole = toEnd(src, fn, body, from, obj);
            if (whole != null) return new Placed(body, whole, false);
        }
        Region lab = beforeLabel(src, fn, block, from, to, exits, obj);
        if (lab != null) return new Placed(block, lab, true);
        int start = hoistedStart(src, fn, body, block, from, obj);
        Region whole = start < 0 ? null : toEnd(src, fn, body, start, obj);
        if (whole != null) return new Placed(body, whole, false);
        return new Placed(block, reg, false);
    }

    /**
     * The region from {@code from} to the end of the function body, when the body ends with a
     * return, no goto from before jumps into it and it takes no other lock; else null.
     */
    static Region toEnd(SourceFile src, CFunction fn, IASTCompoundStatement body, int from, String obj) {
        IASTStatement[] all = body.getStatements();
        if (!(unlabel(all[all.length - 1]) instanceof IASTReturnStatement)) return null;
        return usable(fn, new Region(src, body, all, from, all.length - 1), null, obj);
    }

    /**
     * Every exit is {@code goto L} with {@code L:} a later statement of the same block: the region
     * runs to just before {@code L}, provided nothing else leaves it and nothing jumps into it.
     */
    private static Region beforeLabel(SourceFile src, CFunction fn, IASTCompoundStatement block, int from, int to, List<Region.Exit> exits,
                                      String obj) {
        String label = exits.get(0).gotoLabel();
        if (label == null || exits.stream().anyMatch(e -> !label.equals(e.gotoLabel()))) return null;
        IASTStatement[] all = block.getStatements();
        for (int j = to + 1; j < all.length; j++) {
            if (all[j] instanceof IASTLabelStatement l && l.getName().toString().equals(label)) {
                return usable(fn, new Region(src, block, all, from, j - 1), label, obj);
            }
        }
        return null;
    }

    /**
     * The region when its layout is plain, nothing jumps into it, it takes no lock, it does not
     * release the object (its cleanup code stays after the section), and every exit is a return
     * or a goto (to {@code onlyTo} if given).
     */
    private static Region usable(CFunction fn, Region r, String onlyTo, String obj) {
        if (r.layoutProblem() != null || r.jumpedInto(fn) || r.releases(obj)) return null;
        for (String c : r.callees()) if (Locks.isLock(c) || c.startsWith("PyCriticalSection")) return null;
        for (Region.Exit e : r.exits()) {
            if (onlyTo != null ? !onlyTo.equals(e.gotoLabel()) : !e.isReturn() && !e.isGoto()) return null;
        }
        return r;
    }

    /**
     * A section on a parameter the function never reassigns nor tests for NULL is valid from the
     * function's start: it may open at the body's statement that holds the region, or earlier, at
     * the first statement jumping to a label after that (so no goto enters the section). -1 when
     * the object is anything else.
     */
    private static int hoistedStart(SourceFile src, CFunction fn, IASTCompoundStatement body, IASTCompoundStatement block, int from, String obj) {
        String name = obj.strip();
        if (!fn.params().contains(name)) return -1;
        // Reassigned or address taken: the object may change under the section.
        if (Ast.uses(body, name).stream().anyMatch(Ast::rebinds)) return -1;
        IASTStatement[] all = body.getStatements();
        int start = block == body ? from : topIndex(all, block);
        if (start < 0) return -1;
        for (boolean moved = true; moved; ) {
            moved = false;
            Set<String> labels = new Region(src, body, all, start, all.length - 1).labels();
            for (int i = 0; i < start && !moved; i++) {
                if (jumpsTo(all[i], labels)) { start = i; moved = true; }
            }
        }
        // Tested for NULL where the section would run, or before it other than by a guard that
        // leaves the function: it may be NULL where the section opens. (An assert is no test.)
        for (int i = 0; i < all.length; i++) {
            boolean tested = Ast.uses(all[i], name).stream().anyMatch(u -> FieldShapes.nullTest(u) && !inAssert(u));
            if (tested && (i >= start || !exitGuard(all[i], name))) return -1;
        }
        return start;
    }

    /** {@code if (obj == NULL) { ...; return/goto; }} with no else: past it the object is set. */
    private static boolean exitGuard(IASTStatement s, String name) {
        if (!(s instanceof org.eclipse.cdt.core.dom.ast.IASTIfStatement ifs) || ifs.getElseClause() != null) return false;
        Stmts.NullTest t = Stmts.nullTest(ifs.getConditionExpression());
        if (t == null || !t.isNull() || !t.variable().equals(name)) return false;
        IASTStatement then = ifs.getThenClause();
        if (then instanceof IASTCompoundStatement c) {
            IASTStatement[] st = c.getStatements();
            then = st.length == 0 ? null : st[st.length - 1];
        }
        return then instanceof IASTReturnStatement || then instanceof IASTGotoStatement;
    }

    private static boolean inAssert(IASTNode n) {
        for (IASTNode p = n.getParent(); p != null; p = p.getParent()) {
            if (p instanceof org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression c && "assert".equals(Ast.calleeName(c))) return true;
        }
        return false;
    }

    /** The index of the body's statement that holds {@code inner}. */
    private static int topIndex(IASTStatement[] all, IASTNode inner) {
        IASTNode n = inner;
        while (n != null && (n.getParent() == null || n.getParent() != all[0].getParent())) n = n.getParent();
        return n == null ? -1 : List.of(all).indexOf(n);
    }

    private static boolean jumpsTo(IASTStatement s, Set<String> labels) {
        boolean[] hit = {false};
        s.accept(new ASTVisitor() {
            { shouldVisitStatements = true; }

            @Override
            public int visit(IASTStatement st) {
                if (st instanceof IASTGotoStatement g && labels.contains(g.getName().toString())) hit[0] = true;
                return PROCESS_CONTINUE;
            }
        });
        return hit[0];
    }

    static IASTStatement unlabel(IASTStatement s) {
        while (s instanceof IASTLabelStatement l) s = l.getNestedStatement();
        return s;
    }
}
