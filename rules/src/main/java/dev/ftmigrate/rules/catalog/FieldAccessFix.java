package dev.ftmigrate.rules.catalog;

import dev.ftmigrate.analyzer.Ast;
import dev.ftmigrate.analyzer.TextRange;
import dev.ftmigrate.rules.Fix;
import dev.ftmigrate.rules.FixSafety;
import dev.ftmigrate.rules.TextEdit;
import dev.ftmigrate.rules.engine.RuleContext;
import org.eclipse.cdt.core.dom.ast.IASTBinaryExpression;
import org.eclipse.cdt.core.dom.ast.IASTFieldReference;
import org.eclipse.cdt.core.dom.ast.IASTNode;
import org.eclipse.cdt.core.dom.ast.IASTUnaryExpression;

import java.util.List;

/** Shared by FT101/FT102: report a raw PyObject header field access with its accessor-macro fix. */
final class FieldAccessFix {
    private FieldAccessFix() {}

    static void report(RuleContext ctx, IASTFieldReference ref, String getter, String setter, String message) {
        RuleContext.Report r = ctx.report(ref).message(message).subject(ctx.text(ref.getFieldOwner()) + "->" + ref.getFieldName());
        r.fix(fx -> fix(ctx, ref, getter, setter)).emit();
    }

    private static Fix fix(RuleContext ctx, IASTFieldReference ref, String getter, String setter) {
        String text = ctx.text(ref);
        String owner = ctx.text(ref.getFieldOwner());
        // A macro's expansion: rewrite the reads in the macro's definition (when it is in this file).
        if (ref.getNodeLocations().length > 0 && ref.getNodeLocations()[0] instanceof org.eclipse.cdt.core.dom.ast.IASTMacroExpansionLocation m) {
            return inMacro(ctx, m, ref.getFieldName().toString(), getter);
        }
        // Only rewrite what is written literally in this file.
        if (!text.endsWith(ref.getFieldName().toString()) || !text.startsWith(owner)) return null;
        String obj = ref.isPointerDereference() ? owner : "&" + owner;
        String rel = ctx.source().relPath();
        IASTNode parent = ref.getParent();
        if (parent instanceof IASTBinaryExpression b && b.getOperand1() == ref && isAssignment(b.getOperator())) {
            if (b.getOperator() != IASTBinaryExpression.op_assign) return null;
            TextRange whole = Ast.range(b);
            String value = ctx.text(b.getOperand2());
            return new Fix("use " + setter + "()", FixSafety.SAFE, List.of(new TextEdit(rel, whole.start(), whole.length(),
                    setter + "(" + obj + ", " + value + ")")));
        }
        if (parent instanceof IASTUnaryExpression u && isIncDec(u.getOperator())) return null;
        if (parent instanceof IASTUnaryExpression u && u.getOperator() == IASTUnaryExpression.op_amper) return null;
        TextRange r = Ast.range(ref);
        return new Fix("use " + getter + "()", FixSafety.SAFE, List.of(new TextEdit(rel, r.start(), r.length(), getter + "(" + obj + ")")));
    }

    /**
     * Every read of {@code field} through {@code ->} in the definition of the macro the access
     * came from, as {@code getter(owner)}; null when the definition is elsewhere or writes the field.
     */
    private static Fix inMacro(RuleContext ctx, org.eclipse.cdt.core.dom.ast.IASTMacroExpansionLocation loc, String field, String getter) {
        var def = loc.getExpansion().getMacroDefinition();
        var fl = def == null ? null : def.getFileLocation();
        if (fl == null || !ctx.source().path().toString().endsWith(fl.getFileName().replace('\\', '/'))
                && !fl.getFileName().endsWith(ctx.source().relPath())) return null;
        String text = ctx.source().text();
        if (fl.getNodeOffset() + fl.getNodeLength() > text.length()) return null;
        String body = text.substring(fl.getNodeOffset(), fl.getNodeOffset() + fl.getNodeLength());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "((?:\\(\\s*\\w+\\s*\\)|\\b\\w+)(?:\\s*->\\s*\\w+)*)\\s*->\\s*" + field + "\\b(?!\\s*(?:=[^=]|\\+\\+|--|[-+*/|&^]=))")
                .matcher(body);
        List<TextEdit> edits = new java.util.ArrayList<>();
        while (m.find()) {
            if (m.group(1).equals("#define") || m.group(1).endsWith(field)) continue;
            edits.add(new TextEdit(ctx.source().relPath(), fl.getNodeOffset() + m.start(), m.end() - m.start(), getter + "(" + m.group(1) + ")"));
        }
        if (edits.isEmpty()) return null;
        return new Fix("use " + getter + "() in the definition of macro " + def.getName(), FixSafety.SAFE, edits);
    }

    private static boolean isAssignment(int op) {
        return switch (op) {
            case IASTBinaryExpression.op_assign, IASTBinaryExpression.op_plusAssign, IASTBinaryExpression.op_minusAssign,
                 IASTBinaryExpression.op_multiplyAssign, IASTBinaryExpression.op_divideAssign,
                 IASTBinaryExpression.op_moduloAssign, IASTBinaryExpression.op_shiftLeftAssign,
                 IASTBinaryExpression.op_shiftRightAssign, IASTBinaryExpression.op_binaryAndAssign,
                 IASTBinaryExpression.op_binaryOrAssign, IASTBinaryExpression.op_binaryXorAssign -> true;
            default -> false;
        };
    }

    private static boolean isIncDec(int op) {
        return op == IASTUnaryExpression.op_prefixIncr || op == IASTUnaryExpression.op_prefixDecr
                || op == IASTUnaryExpression.op_postFixIncr || op == IASTUnaryExpression.op_postFixDecr;
    }
}
