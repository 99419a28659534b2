package dev.ftmigrate.analyzer;

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

    /** The nearest ancestor of a type, or null. */
    public static <T> T ancestor(IASTNode node, Class<T> type) {
        for (IASTNode n = node == null ? null : node.getParent(); n != null; n = n.getParent()) {
            if (type.isInstance(n)) return type.cast(n);
        }
        return null;
    }
}
