package dev.ftmigrate.analyzer;

import org.eclipse.cdt.core.dom.ast.IASTDeclarator;
import org.eclipse.cdt.core.dom.ast.IASTInitializerClause;

import java.util.List;

/**
 * A static struct or array-of-struct initialiser of a CPython table type (PyMethodDef[],
 * PyModuleDef_Slot[], PyType_Slot[], PyTypeObject, PyModuleDef, PyGetSetDef[], ...).
 * A single struct is one entry; an array has one entry per element.
 *
 * @param range     the whole initialiser's text, inactive #if branches included
 */
public record InitTable(String typeName, String name, TextRange nameRange, TextRange range,
                        List<Entry> entries, IASTDeclarator declarator, String relPath) {

    /** One struct initialiser: its fields, positional or designated. */
    public record Entry(List<Field> fields, TextRange range) {
        /** The field at a designator name, else at a position; null when absent. */
        public Field get(String designator, int position) {
            for (Field f : fields) if (designator.equals(f.designator())) return f;
            for (Field f : fields) if (f.designator() == null && f.position() == position) return f;
            return null;
        }
    }

    /** @param text the value's source text; {@code identifier} the bare name when the value is one */
    public record Field(String designator, int position, String text, String identifier,
                        IASTInitializerClause value, TextRange range) {}
}
