package dev.ftmigrate.rules.fix;

import dev.ftmigrate.analyzer.Ast;
import dev.ftmigrate.analyzer.FileModel;
import dev.ftmigrate.analyzer.InitTable;
import dev.ftmigrate.analyzer.SourceFile;
import dev.ftmigrate.analyzer.TextRange;
import dev.ftmigrate.rules.Confidence;
import dev.ftmigrate.rules.Finding;
import dev.ftmigrate.rules.Fix;
import dev.ftmigrate.rules.RuleFamily;
import dev.ftmigrate.rules.engine.FixContext;
import dev.ftmigrate.rules.FixSafety;
import dev.ftmigrate.rules.TextEdit;
import org.eclipse.cdt.core.dom.ast.IASTBinaryExpression;
import org.eclipse.cdt.core.dom.ast.IASTCompoundStatement;
import org.eclipse.cdt.core.dom.ast.IASTDeclarationStatement;
import org.eclipse.cdt.core.dom.ast.IASTDeclarator;
import org.eclipse.cdt.core.dom.ast.IASTEqualsInitializer;
import org.eclipse.cdt.core.dom.ast.IASTExpressionStatement;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;
import org.eclipse.cdt.core.dom.ast.IASTIfStatement;
import org.eclipse.cdt.core.dom.ast.IASTNode;
import org.eclipse.cdt.core.dom.ast.IASTReturnStatement;
import org.eclipse.cdt.core.dom.ast.IASTStatement;

import java.util.ArrayList;
import java.util.List;

/**
 * FT201/FT202: declare that the module does not need the GIL. SAFE in a file where the run
 * checked every shared-state rule (FT3xx-FT5xx, opt-in ones aside) and none found a hazard at high
 * confidence or above note level;
 * otherwise REVIEW, naming the hazards that remain (declaring too early is worse than not
 * declaring: the GIL would stop hiding them).
 */
public final class ModuleGilFix {
    public static final String SLOT = "#if PY_VERSION_HEX >= 0x030D0000\n%s{Py_mod_gil, Py_MOD_GIL_NOT_USED},\n#endif\n";
    private static final String NOTE = " (safe once the module's shared state is protected)";

    private ModuleGilFix() {}

    public static Fix slotEntry(FixContext fx, InitTable slots) { return judged(fx, slotEntry(fx.model(), slots)); }

    public static Fix slotArray(FixContext fx, InitTable def) { return judged(fx, slotArray(fx.model(), def)); }

    public static Fix setGil(FixContext fx, IASTFunctionCallExpression call) { return judged(fx, setGil(fx.model(), call)); }

    /** Safe only when nothing the GIL was hiding is left in the file (as far as this run looked). */
    private static Fix judged(FixContext fx, Fix fix) {
        if (fix == null || fix.edits().isEmpty()) return fix;
        // Opt-in rules do not count: a default run is complete without them.
        boolean allRan = dev.ftmigrate.rules.RuleCatalog.all().stream()
                .filter(r -> RuleFamily.sharedState(r.id()) && !dev.ftmigrate.rules.RuleCatalog.optIn(r))
                .allMatch(r -> fx.ruleIds().contains(r.id()));
        // Any shared-state finding above a note blocks: a medium-confidence field race (FT407) crashes as surely.
        List<String> left = new ArrayList<>();
        for (Finding f : fx.findings()) {
            if (RuleFamily.sharedState(f.ruleId()) && (f.confidence() == Confidence.HIGH || f.level() != dev.ftmigrate.rules.Level.NOTE)) {
                left.add(f.ruleId() + " at line " + f.location().startLine());
            }
        }
        String base = fix.description().replace(NOTE, "");
        if (allRan && left.isEmpty()) return new Fix(base, FixSafety.SAFE, fix.edits());
        String why = !left.isEmpty() ? "review: " + left.size() + " shared-state hazard(s) remain in this file ("
                + String.join(", ", left.subList(0, Math.min(5, left.size()))) + (left.size() > 5 ? ", ..." : "") + ")"
                : "review: not every shared-state rule ran";
        return new Fix(base + " (" + why + ")", FixSafety.REVIEW, fix.edits());
    }

    /** FT201: the slot entry before the {0, NULL} sentinel of a slot array. */
    static Fix slotEntry(FileModel model, InitTable slots) {
        if (slots.entries().isEmpty()) return null;
        InitTable.Entry last = slots.entries().get(slots.entries().size() - 1);
        InitTable.Field first = last.get("slot", 0);
        if (first == null || !(first.text().equals("0") || first.text().equals("NULL"))) return null;
        String text = model.source().text();
        if (!SourceText.firstOnLine(text, last.range().start())) return null;
        int at = SourceText.lineStart(text, last.range().start());
        String indent = SourceText.indentAt(text, last.range().start());
        return new Fix("declare Py_mod_gil = Py_MOD_GIL_NOT_USED in `" + slots.name() + "`" + NOTE, FixSafety.REVIEW,
                List.of(TextEdit.insert(model.source().relPath(), at, String.format(SLOT, indent))));
    }

    /** FT201 without any slot array: add one with the Py_mod_gil slot and point m_slots at it. */
    static Fix slotArray(FileModel model, InitTable def) {
        SourceFile src = model.source();
        String text = src.text();
        String name = def.name() + "_slots";
        if (model.mentions(name)) name = "ftm_" + name;
        InitTable.Entry entry = def.entries().get(0);
        InitTable.Field slots = entry.get("m_slots", 5);
        List<TextEdit> edits = new ArrayList<>();
        if (slots != null) {
            if (slots.range() == null || !(slots.text().equals("NULL") || slots.text().equals("0"))) return null;
            edits.add(new TextEdit(src.relPath(), slots.range().start(), slots.range().length(), name));
        } else {
            List<InitTable.Field> fs = entry.fields();
            if (fs.isEmpty() || fs.get(fs.size() - 1).range() == null) return null;
            InitTable.Field lastField = fs.get(fs.size() - 1);
            boolean designated = fs.stream().anyMatch(f -> f.designator() != null);
            if (!designated && fs.size() == 5) {
                edits.add(TextEdit.insert(src.relPath(), lastField.range().end(), ", " + name));
            } else if (designated) {
                int close = entry.range().end() - 1;
                int comma = SourceText.skipBlanks(text, lastField.range().end());
                if (text.charAt(close) != '}' || !SourceText.firstOnLine(text, close)
                        || comma >= text.length() || text.charAt(comma) != ',') return null;
                String indent = SourceText.indentAt(text, lastField.range().start());
                edits.add(TextEdit.insert(src.relPath(), SourceText.lineStart(text, close), indent + ".m_slots = " + name + ",\n"));
            } else {
                return null;
            }
        }
        IASTNode decl = def.declarator().getParent();
        TextRange r = Ast.range(decl);
        if (r == null || !SourceText.firstOnLine(text, r.start())) return null;
        String unit = SourceText.indentUnit(src);
        String array = "static PyModuleDef_Slot " + name + "[] = {\n" + String.format(SLOT, unit) + unit + "{0, NULL}\n};\n\n";
        edits.add(TextEdit.insert(src.relPath(), SourceText.lineStart(text, r.start()), array));
        return new Fix("add a slot array declaring Py_mod_gil = Py_MOD_GIL_NOT_USED to `" + def.name() + "`" + NOTE,
                FixSafety.REVIEW, edits);
    }

    /**
     * FT202: PyUnstable_Module_SetGIL right after the successful PyModule_Create, in each shape
     * real modules use: {@code return PyModule_Create(...)}; {@code m = PyModule_Create(...)}
     * followed by a NULL check that leaves (return, goto, or an error macro such as
     * {@code INITERROR}); the assignment inside the check ({@code if ((m = PyModule_Create(...)) == NULL)});
     * and no check at all (then the call is guarded by {@code m != NULL} itself).
     */
    static Fix setGil(FileModel model, IASTFunctionCallExpression call) {
        SourceFile src = model.source();
        String text = src.text();
        IASTStatement stmt = Stmts.containing(call);
        if (stmt == null || !(stmt.getParent() instanceof IASTCompoundStatement)) return null;
        TextRange sr = Ast.range(stmt);
        if (sr == null || !SourceText.firstOnLine(text, sr.start())) return null;
        String indent = SourceText.indentAt(text, sr.start());
        // The function's own step where the statement sits directly in its body (files mix styles).
        String unit = stmt.getParent() == model.functionAt(sr.start()).map(f -> f.node().getBody()).orElse(null)
                && !indent.isEmpty() ? indent : SourceText.indentUnit(src);
        String desc = "call PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED) after PyModule_Create" + NOTE;
        if (stmt instanceof IASTReturnStatement ret && ret.getReturnValue() == call) {
            if (!SourceText.literal(stmt)) return null;
            String m = mentions(model, stmt, "m") ? "module" : "m";
            String repl = "PyObject *" + m + " = " + Ast.text(src, call) + ";\n"
                    + guarded(indent, unit, m, true) + indent + "return " + m + ";";
            return new Fix(desc, FixSafety.REVIEW, List.of(new TextEdit(src.relPath(), sr.start(), sr.length(), repl)));
        }
        IASTStatement check;
        String var;
        if (stmt instanceof IASTIfStatement ifs && SourceText.literal(ifs.getConditionExpression())) {
            // if ((m = PyModule_Create(&def)) == NULL) ...: the test and the assignment are one.
            var = assignedInTest(ifs, call);
            check = ifs;
        } else {
            if (!SourceText.literal(stmt)) return null;
            var = assignedVariable(stmt, call);
            check = Stmts.next(stmt);
        }
        if (var == null) return null;
        if (check instanceof IASTIfStatement ifs && leavesWhenNull(ifs, var, check == stmt)) {
            TextRange cr = Ast.range(check);
            if (cr == null || !SourceText.lastOnLine(text, cr.end())) return null;
            return new Fix(desc, FixSafety.REVIEW, List.of(TextEdit.insert(src.relPath(),
                    SourceText.nextLineStart(text, cr.end()), guarded(indent, unit, var, false))));
        }
        if (check == stmt || !SourceText.lastOnLine(text, sr.end())) return null;
        // No check that leaves on NULL: the declaration tests the module itself.
        return new Fix(desc, FixSafety.REVIEW, List.of(TextEdit.insert(src.relPath(),
                SourceText.nextLineStart(text, sr.end()), guarded(indent, unit, var, true))));
    }

    private static String guarded(String indent, String unit, String m, boolean nullCheck) {
        String call = "PyUnstable_Module_SetGIL(" + m + ", Py_MOD_GIL_NOT_USED);\n";
        return "#ifdef Py_GIL_DISABLED\n" + (nullCheck
                ? indent + "if (" + m + " != NULL) {\n" + indent + unit + call + indent + "}\n"
                : indent + call) + "#endif\n";
    }

    /** {@code if (m == NULL) <leave>} with no else; {@code assigned}: the test is {@code (m = call) == NULL}. */
    private static boolean leavesWhenNull(IASTIfStatement ifs, String var, boolean assigned) {
        if (ifs.getElseClause() != null) return false;
        org.eclipse.cdt.core.dom.ast.IASTExpression cond = ifs.getConditionExpression();
        if (assigned && Ast.strip(cond) instanceof IASTBinaryExpression b && b.getOperator() == IASTBinaryExpression.op_equals
                && Ast.strip(b.getOperand1()) instanceof IASTBinaryExpression a && a.getOperator() == IASTBinaryExpression.op_assign
                && Stmts.isNull(b.getOperand2())) {
            return Stmts.alwaysExits(ifs.getThenClause());
        }
        Stmts.NullTest t = Stmts.nullTest(cond);
        // The then-branch is judged as expanded, so an error macro (INITERROR) that returns counts.
        return t != null && t.variable().equals(var) && t.isNull() && Stmts.alwaysExits(ifs.getThenClause());
    }

    /** The variable of {@code if ((v = call) == NULL)}, else null. */
    private static String assignedInTest(IASTIfStatement ifs, IASTFunctionCallExpression call) {
        if (Ast.strip(ifs.getConditionExpression()) instanceof IASTBinaryExpression b && b.getOperator() == IASTBinaryExpression.op_equals
                && Ast.strip(b.getOperand1()) instanceof IASTBinaryExpression a && a.getOperator() == IASTBinaryExpression.op_assign
                && Ast.strip(a.getOperand2()) == call && Stmts.isNull(b.getOperand2())) {
            return Ast.identifier(Ast.strip(a.getOperand1()));
        }
        return null;
    }

    /** {@code v = call;} or {@code PyObject *v = call;}: the variable, else null. */
    static String assignedVariable(IASTStatement stmt, IASTFunctionCallExpression call) {
        if (stmt instanceof IASTExpressionStatement es && Ast.strip(es.getExpression()) instanceof IASTBinaryExpression b
                && b.getOperator() == IASTBinaryExpression.op_assign && Ast.strip(b.getOperand2()) == call) {
            return Ast.identifier(b.getOperand1());
        }
        if (stmt instanceof IASTDeclarationStatement ds
                && ds.getDeclaration() instanceof org.eclipse.cdt.core.dom.ast.IASTSimpleDeclaration sd
                && sd.getDeclarators().length == 1) {
            IASTDeclarator d = sd.getDeclarators()[0];
            if (d.getInitializer() instanceof IASTEqualsInitializer eq && Ast.strip(eq.getInitializerClause(), false) == call) {
                return d.getName().toString();
            }
        }
        return null;
    }

    private static boolean mentions(FileModel model, IASTStatement stmt, String name) {
        return model.functionAt(Ast.range(stmt).start())
                .map(f -> java.util.regex.Pattern.compile("\\b" + name + "\\b").matcher(Ast.text(model.source(), f.node())).find())
                .orElse(false);
    }
}
