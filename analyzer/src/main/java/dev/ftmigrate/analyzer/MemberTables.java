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

    /**
     * One exposed field.
     *
     * @param object  a T_OBJECT/T_OBJECT_EX member: the setter releases the old reference
     * @param at      the member's entry in the table
     */
    record Member(String name, String type, String field, boolean readonly, boolean object, String relPath, TextRange at) {}

    private MemberTables() {}

    static List<Member> of(Iterable<FileModel> files, StructTypes types) {
        List<Member> out = new ArrayList<>();
        for (FileModel m : files) {
            for (InitTable t : m.tables("PyMemberDef")) {
                for (InitTable.Entry e : t.entries()) {
                    InitTable.Field name = e.get("name", 0), kind = e.get("type", 1), offset = e.get("offset", 2), flags = e.get("flags", 3);
                    if (name == null || offset == null || e.range() == null) continue;
                    Matcher o = OFFSET.matcher(offset.text());
                    if (!o.find() || !types.isObject(o.group(1))) continue;
                    boolean readonly = flags != null && READONLY.matcher(flags.text().strip()).find();
                    boolean object = kind != null && OBJECT.matcher(kind.text()).find();
                    out.add(new Member(name.text().replaceAll("^\\s*\"|\"\\s*$", ""), o.group(1), o.group(2), readonly, object,
                            t.relPath(), e.range()));
                }
            }
        }
        return out;
    }

    /** A body standing for CPython's generic setter (writer) or getter (reader) of one member. */
    static FieldModel.Body body(Member m, boolean setter) {
        String what = "the generic member " + (setter ? "setter" : "getter") + " via PyMemberDef `" + m.name() + "`";
        CFunction fn = new CFunction(what, true, List.of("self"), List.of(m.type() + " *"), m.at(), m.at(), null, m.relPath());
        EntryPoint entry = new EntryPoint(what, EntryPoint.Kind.PYTHON, "member `" + m.name() + "` (PyMemberDef)", null, m.at(), m.relPath());
        List<FieldSite> sites = new ArrayList<>();
        // The setter reads the old reference to release it: a swap, not a first initialisation.
        sites.add(new FieldSite(m.type(), m.field(), FieldEffect.READ, 0, fn, m.at(), List.of(), m.object()));
        if (setter) sites.add(new FieldSite(m.type(), m.field(), m.object() ? FieldEffect.REPLACE : FieldEffect.WRITE, 0, fn, m.at(), List.of(), m.object()));
        return new FieldModel.Body(fn, entry, sites);
    }
}
