package dev.ftmigrate.analyzer;

import org.eclipse.cdt.core.dom.ast.IASTBinaryExpression;
import org.eclipse.cdt.core.dom.ast.IASTCastExpression;
import org.eclipse.cdt.core.dom.ast.IASTExpression;
import org.eclipse.cdt.core.dom.ast.IASTFileLocation;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;
import org.eclipse.cdt.core.dom.ast.IASTIdExpression;
import org.eclipse.cdt.core.dom.ast.IASTInitializerClause;
import org.eclipse.cdt.core.dom.ast.IASTName;
import org.eclipse.cdt.core.dom.ast.IASTNode;
import org.eclipse.cdt.core.dom.ast.IASTUnaryExpression;

/** Small, total helpers over CDT nodes (null in, null out), so rules read like matchers. */
public final class Ast {
    private Ast() {}

    /** The node's char range in the scanned file; for macro-expanded nodes, the invocation's range. */
    public static TextRange range(IASTNode node) {
        IASTFileLocation loc = node.getFileLocation();
        if (loc == null) return null;
        return new TextRange(loc.getNodeOffset(), loc.getNodeOffset() + loc.getNodeLength());
    }

    /**
     * The range of a name as written, even inside a macro argument ({@code Py_CLEAR(cache)} gives
     * the range of {@code cache}, not of the whole invocation).
     */
    public static TextRange nameRange(IASTName name) {
        IASTFileLocation img = name.getImageLocation();
        // A name spelled in a macro defined in another file (a header): its offsets are that file's, so use the invocation's.
        if (img != null && (name.getTranslationUnit() == null || img.getFileName().equals(name.getTranslationUnit().getFilePath()))) {
            return new TextRange(img.getNodeOffset(), img.getNodeOffset() + img.getNodeLength());
        }
        return range(name);
    }

    /** Removes parentheses, casts and (with {@code amp}) a leading address-of. */
    public static IASTInitializerClause strip(IASTInitializerClause e, boolean amp) {
        while (true) {
            if (e instanceof IASTUnaryExpression u && (u.getOperator() == IASTUnaryExpression.op_bracketedPrimary
                    || (amp && u.getOperator() == IASTUnaryExpression.op_amper))) {
                e = u.getOperand();
            } else if (e instanceof IASTCastExpression c) {
                e = c.getOperand();
            } else {
                return e;
            }
        }
    }

    public static IASTExpression strip(IASTExpression e) {
        return (IASTExpression) strip((IASTInitializerClause) e, false);
    }

    /** The bare identifier of an expression after stripping casts/parens/&, else null. */
    public static String identifier(IASTInitializerClause e) {
        IASTInitializerClause s = e == null ? null : strip(e, true);
        return s instanceof IASTIdExpression id ? id.getName().toString() : null;
    }

    /**
     * True for {@code NULL} and {@code 0} (through casts and parentheses). Decided on nodes, not text:
     * inside a macro expansion such as Py_CLEAR the raw text is the invocation's.
     */
    public static boolean isNullConstant(IASTInitializerClause e) {
        IASTInitializerClause s = e == null ? null : strip(e, false);
        if (s instanceof IASTIdExpression id) return id.getName().toString().equals("NULL");
        return s instanceof org.eclipse.cdt.core.dom.ast.IASTLiteralExpression lit && String.valueOf(lit.getValue()).equals("0");
    }

    /** The called function's name for a direct call {@code f(...)}, else null. */
    public static String calleeName(IASTFunctionCallExpression call) {
        IASTExpression f = strip(call.getFunctionNameExpression());
        return f instanceof IASTIdExpression id ? id.getName().toString() : null;
    }

    public static IASTInitializerClause arg(IASTFunctionCallExpression call, int i) {
        IASTInitializerClause[] a = call.getArguments();
        return i < a.length ? a[i] : null;
    }

    /** The source text of a node's range in the scanned file. */
    public static String text(SourceFile f, IASTNode node) {
        TextRange r = range(node);
        return r == null || r.end() > f.text().length() ? node.getRawSignature() : f.text().substring(r.start(), r.end());
    }

    /** The uses of variable {@code name} in {@code node}, in source order. */
    public static java.util.List<IASTIdExpression> uses(IASTNode node, String name) {
        java.util.List<IASTIdExpression> out = new java.util.ArrayList<>();
        node.accept(new org.eclipse.cdt.core.dom.ast.ASTVisitor() {
            { shouldVisitExpressions = true; }

            @Override
            public int visit(IASTExpression e) {
                if (e instanceof IASTIdExpression id && id.getName().toString().equals(name)) out.add(id);
                return PROCESS_CONTINUE;
            }
        });
        return out;
    }

    /** The use is the target of a plain assignment ({@code v = ...}) or has its address taken ({@code &v}). */
    public static boolean rebinds(IASTIdExpression use) {
        IASTNode p = use.getParent();
        while (p instanceof IASTUnaryExpression u && u.getOperator() == IASTUnaryExpression.op_bracketedPrimary) p = p.getParent();
        if (p instanceof IASTUnaryExpression u) return u.getOperator() == IASTUnaryExpression.op_amper;
        return p instanceof IASTBinaryExpression b && b.getOperator() == IASTBinaryExpression.op_assign && strip(b.getOperand1()) == use;
    }

    /** {@code inner} is {@code outer} or lies inside it. */
    public static boolean contains(IASTNode outer, IASTNode inner) {
        for (IASTNode n = inner; n != null; n = n.getParent()) if (n == outer) return true;
        return false;
    }

    /** {@code +=}, {@code |=} and the other assignments that read the old value. */
    public static boolean compoundAssign(int binaryOp) {
        return binaryOp >= IASTBinaryExpression.op_multiplyAssign && binaryOp <= IASTBinaryExpression.op_binaryOrAssign;
    }

    /** {@code ++x}, {@code x++}, {@code --x}, {@code x--}. */
    public static boolean incDec(int unaryOp) {
        return unaryOp == IASTUnaryExpression.op_prefixIncr || unaryOp == IASTUnaryExpression.op_prefixDecr
                || unaryOp == IASTUnaryExpression.op_postFixIncr || unaryOp == IASTUnaryExpression.op_postFixDecr;
    }

    /**
     * The node sits under an {@code if} whose condition (or one of its {@code &&}/{@code ||} parts) tests
     * the expression {@code operand} (a regex) for NULL: {@code !x}, {@code x == NULL}, {@code NULL == x}.
     */
    public static boolean underNullTest(IASTNode node, String operand) {
        java.util.regex.Pattern test = java.util.regex.Pattern.compile("^\\(*\\s*(!\\s*\\(*\\s*" + operand + "\\s*\\)*|" + operand
                + "\\s*==\\s*(NULL|0|\\(\\s*void\\s*\\*\\s*\\)\\s*0)|(NULL|0)\\s*==\\s*" + operand + ")\\s*\\)*$");
        for (IASTNode n = node.getParent(); n != null; n = n.getParent()) {
            if (n instanceof org.eclipse.cdt.core.dom.ast.IASTIfStatement s && s.getConditionExpression() != null) {
                for (String part : s.getConditionExpression().getRawSignature().strip().split("&&|\\|\\|")) {
                    if (test.matcher(part.strip()).matches()) return true;
                }
            }
        }
        return false;
    }

    /** The nearest ancestor of a type, or null. */
    public static <T> T ancestor(IASTNode node, Class<T> type) {
        for (IASTNode n = node == null ? null : node.getParent(); n != null; n = n.getParent()) {
            if (type.isInstance(n)) return type.cast(n);
        }
        return null;
    }
}
