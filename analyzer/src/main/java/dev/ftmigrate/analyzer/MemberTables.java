package dev.ftmigrate.analyzer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fields exposed to Python through {@code PyMemberDef} tables: CPython's generic getter reads them
 * and, unless the member is READONLY, its generic setter writes them ({@code obj.member = v}) while
 * the extension's own methods may be using them. They join the field model as bodies with no C
 * code of their own: a member setter is a writer, every member is a reader.
 */
final class MemberTables {
    private static final Pattern OFFSET = Pattern.compile("offsetof\\s*\\(\\s*(?:struct\\s+)?(\\w+)\\s*,\\s*(\\w+)");
    private static final Pattern READONLY = Pattern.compile("\\b(Py_)?READONLY\\b|\\bRO\\b|^1$");
    private static final Pattern OBJECT = Pattern.compile("\\b(Py_|_Py_)?T_OBJECT(_EX)?\\b");

    private MemberTables() {}

    /** The members of the file's PyMemberDef tables whose offset names a struct field. */
    static List<FieldFacts.Member> of(FileModel m) {
        List<FieldFacts.Member> out = new ArrayList<>();
        for (InitTable t : m.tables("PyMemberDef")) {
            for (InitTable.Entry e : t.entries()) {
                InitTable.Field name = e.get("name", 0), kind = e.get("type", 1), offset = e.get("offset", 2), flags = e.get("flags", 3);
                if (name == null || offset == null || e.range() == null) continue;
                Matcher o = OFFSET.matcher(offset.text());
                if (!o.find()) continue;
                boolean readonly = flags != null && READONLY.matcher(flags.text().strip()).find();
                boolean object = kind != null && OBJECT.matcher(kind.text()).find();
                out.add(new FieldFacts.Member(name.text().replaceAll("^\\s*\"|\"\\s*$", ""), o.group(1), o.group(2), readonly, object,
                        e.range().start(), e.range().end()));
            }
        }
        return out;
    }

    /** A body standing for CPython's generic setter (writer) or getter (reader) of one member (no C code: id -1). */
    static FieldModel.Body body(FieldFacts.Member m, String relPath, boolean setter) {
        String what = "the generic member " + (setter ? "setter" : "getter") + " via PyMemberDef `" + m.name() + "`";
        TextRange at = new TextRange(m.start(), m.end());
        LinkedFunction fn = new LinkedFunction(-1, relPath, -1, what, List.of("self"), false);
        EntryPoint entry = new EntryPoint(what, EntryPoint.Kind.PYTHON, "member `" + m.name() + "` (PyMemberDef)", null, at, relPath);
        List<FieldSite> sites = new ArrayList<>();
        // The setter reads the old reference to release it: a swap, not a first initialisation.
        sites.add(new FieldSite(m.type(), m.field(), FieldEffect.READ, 0, fn, at, List.of(), m.object()));
        if (setter) sites.add(new FieldSite(m.type(), m.field(), m.object() ? FieldEffect.REPLACE : FieldEffect.WRITE, 0, fn, at, List.of(), m.object()));
        return new FieldModel.Body(fn, entry, sites);
    }
}
