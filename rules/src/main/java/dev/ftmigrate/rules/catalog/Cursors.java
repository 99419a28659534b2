package dev.ftmigrate.rules.catalog;

import dev.ftmigrate.analyzer.Ast;
import dev.ftmigrate.analyzer.CFunction;
import dev.ftmigrate.analyzer.ExtensionModel;
import org.eclipse.cdt.core.dom.ast.ASTVisitor;
import org.eclipse.cdt.core.dom.ast.IASTBinaryExpression;
import org.eclipse.cdt.core.dom.ast.IASTExpression;
import org.eclipse.cdt.core.dom.ast.IASTExpressionStatement;
import org.eclipse.cdt.core.dom.ast.IASTFieldReference;
import org.eclipse.cdt.core.dom.ast.IASTForStatement;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;
import org.eclipse.cdt.core.dom.ast.IASTIdExpression;
import org.eclipse.cdt.core.dom.ast.IASTIfStatement;
import org.eclipse.cdt.core.dom.ast.IASTLiteralExpression;
import org.eclipse.cdt.core.dom.ast.IASTNode;
import org.eclipse.cdt.core.dom.ast.IASTUnaryExpression;
import org.eclipse.cdt.core.dom.ast.IASTWhileStatement;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A cursor or version counter: an integer field that only ever moves one way (an iterator's index, a
 * modification count) and, in the racing function, only reaches comparisons and calls into code
 * outside the extension (a library getter that checks its index). A lost update of it repeats or
 * skips an item or a count, which is what CPython's own iterators allow when shared (a helper of the
 * same file that only compares the value or hands it on to an outside call counts as outside); it does not
 * index memory here, so FT404 grades it as a note. The other fields of the same function are judged
 * on their own.
 */
final class Cursors {
    private Cursors() {}

    /** Calls that touch memory at the index they are given, with no check. */
    private static final Set<String> RAW = Set.of("memcpy", "memmove", "memset", "memcmp", "memchr", "strncpy", "strncmp",
            "strncat", "strndup");

    static boolean cursor(ExtensionModel ext, CFunction fn, String self, String field, Changes changes) {
        return changes.oneWay(typeName(ext.scope(fn).typeOf(self)), field) && contained(ext, fn, self, field, changes.functions);
    }

    /**
     * How each field of the file is changed, by owner type: one walk per file, then a lookup per racing field.
     * A field moves one way when it only takes `++`/`+= 1` (or only `--`/`-= 1`) and stores of constants (resets);
     * any value may be stored while the object is being built.
     */
    static final class Changes {
        private static final int UP = 1, DOWN = 2, OTHER = 4;
        private final List<CFunction> functions;
        /** field → owner type ("" when unknown) → the ways it changes. */
        private final java.util.Map<String, java.util.Map<String, Integer>> ways = new java.util.HashMap<>();

        Changes(ExtensionModel ext, List<CFunction> functions) {
            this.functions = functions;
            for (CFunction f : functions) {
                if (f.node() == null || f.node().getBody() == null) continue;
                var scope = ext.scope(f);
                boolean building = !ext.entriesOf(f).isEmpty()
                        && ext.entriesOf(f).stream().allMatch(en -> en.kind() == dev.ftmigrate.analyzer.EntryPoint.Kind.CONSTRUCT);
                f.node().getBody().accept(new ASTVisitor() {
                    { shouldVisitExpressions = true; }

                    @Override
                    public int visit(IASTExpression e) {
                        if (e instanceof IASTFieldReference ref) {
                            int way = way(outer(ref), building);
                            if (way != 0) {
                                String owner = Ast.identifier(ref.getFieldOwner());
                                String type = owner == null ? null : typeName(scope.typeOf(owner));
                                ways.computeIfAbsent(ref.getFieldName().toString(), k -> new java.util.HashMap<>())
                                        .merge(type == null ? "" : type, way, (a, b) -> a | b);
                            }
                        }
                        return PROCESS_CONTINUE;
                    }
                });
            }
        }

        private static int way(IASTNode p, boolean building) {
            if (p.getParent() instanceof IASTUnaryExpression u && Ast.incDec(u.getOperator())) {
                int op = u.getOperator();
                return op == IASTUnaryExpression.op_prefixIncr || op == IASTUnaryExpression.op_postFixIncr ? UP : DOWN;
            }
            if (!(p.getParent() instanceof IASTBinaryExpression b) || b.getOperand1() != p) return 0;
            boolean literal = Ast.strip(b.getOperand2()) instanceof IASTLiteralExpression;
            int op = b.getOperator();
            if (op == IASTBinaryExpression.op_assign) return literal || building ? 0 : OTHER;
            if (op == IASTBinaryExpression.op_plusAssign && literal) return UP;
            if (op == IASTBinaryExpression.op_minusAssign && literal) return DOWN;
            return Ast.compoundAssign(op) ? OTHER : 0;
        }

        /** A field of the same name in another struct is another field; an owner of unknown type may be ours. */
        boolean oneWay(String type, String field) {
            int all = 0;
            for (var e : ways.getOrDefault(field, java.util.Map.of()).entrySet()) {
                if (type == null || e.getKey().isEmpty() || e.getKey().equals(type)) all |= e.getValue();
            }
            return (all & OTHER) == 0 && (all & (UP | DOWN)) != (UP | DOWN);
        }
    }

    /** Where the uses are judged: the extension, the file's functions (callees followed one level), the depth left. */
    private record Where(ExtensionModel ext, List<CFunction> functions, int depth) {}

    /** Every use of `self->field` in the function is a step, a store, a comparison or an argument of an outside call. */
    private static boolean contained(ExtensionModel ext, CFunction fn, String self, String field, List<CFunction> functions) {
        return uses(new Where(ext, functions, 1), fn, e -> e instanceof IASTFieldReference ref
                && field.equals(ref.getFieldName().toString()) && self.equals(Ast.identifier(ref.getFieldOwner())));
    }

    private static boolean uses(Where w, CFunction fn, Predicate<IASTExpression> isUse) {
        boolean[] ok = {true};
        fn.node().getBody().accept(new ASTVisitor() {
            { shouldVisitExpressions = true; }

            @Override
            public int visit(IASTExpression e) {
                if (ok[0] && isUse.test(e)) ok[0] = harmless(w, fn, outer(e));
                return ok[0] ? PROCESS_CONTINUE : PROCESS_ABORT;
            }
        });
        return ok[0];
    }

    private static boolean harmless(Where w, CFunction fn, IASTNode use) {
        IASTNode parent = use.getParent();
        if (parent instanceof IASTUnaryExpression u && Ast.incDec(u.getOperator())) return valueUnusedOrHarmless(w, fn, outer(u));
        if (parent instanceof IASTBinaryExpression b) {
            int op = b.getOperator();
            if (b.getOperand1() == use && (op == IASTBinaryExpression.op_assign || Ast.compoundAssign(op))) {
                return valueUnusedOrHarmless(w, fn, outer(b));
            }
            return op == IASTBinaryExpression.op_lessThan || op == IASTBinaryExpression.op_lessEqual
                    || op == IASTBinaryExpression.op_greaterThan || op == IASTBinaryExpression.op_greaterEqual
                    || op == IASTBinaryExpression.op_equals || op == IASTBinaryExpression.op_notequals;
        }
        if (parent instanceof IASTIfStatement || parent instanceof IASTWhileStatement) return true;   // a truth test
        if (parent instanceof IASTFunctionCallExpression call && call.getFunctionNameExpression() != use) {
            String callee = Ast.calleeName(call);
            if (callee == null || macroLike(callee) || RAW.contains(callee)) return false;
            if (!w.ext().defines(fn.relPath(), callee)) return true;
            return w.depth() > 0 && passedOn(w, call, callee, use);
        }
        return false;
    }

    /** A helper of this file that only compares the value or hands it to outside calls, judged like the caller. */
    private static boolean passedOn(Where w, IASTFunctionCallExpression call, String callee, IASTNode use) {
        int i = java.util.Arrays.asList(call.getArguments()).indexOf(use);
        CFunction target = w.functions().stream().filter(f -> f.name().equals(callee) && f.node() != null).findFirst().orElse(null);
        if (i < 0 || target == null || i >= target.params().size()) return false;
        String param = target.params().get(i);
        return uses(new Where(w.ext(), w.functions(), w.depth() - 1), target,
                e -> e instanceof IASTIdExpression id && param.equals(id.getName().toString()));
    }

    /** The step's own value is discarded, or used only where the field itself could be. */
    private static boolean valueUnusedOrHarmless(Where w, CFunction fn, IASTNode step) {
        IASTNode parent = step.getParent();
        if (parent instanceof IASTExpressionStatement) return true;
        if (parent instanceof IASTForStatement loop && loop.getIterationExpression() == step) return true;
        return harmless(w, fn, step);
    }

    /** `PyTuple_GET_ITEM`, `VEC_ITEM`: a macro that indexes memory as written, with no check. */
    private static boolean macroLike(String name) {
        String last = name.substring(name.lastIndexOf('_') + 1);
        return !last.isEmpty() && last.equals(last.toUpperCase(java.util.Locale.ROOT)) && !last.equals(last.toLowerCase(java.util.Locale.ROOT));
    }

    /** `const struct Foo *` → `Foo`; null when unknown. */
    private static String typeName(String declared) {
        if (declared == null) return null;
        String t = declared.replaceAll("\\b(const|volatile|struct)\\b|[*\\s]", "");
        return t.isEmpty() ? null : t;
    }

    private static IASTNode outer(IASTNode n) {
        while (n.getParent() instanceof IASTUnaryExpression u && u.getOperator() == IASTUnaryExpression.op_bracketedPrimary) n = u;
        return n;
    }
}
