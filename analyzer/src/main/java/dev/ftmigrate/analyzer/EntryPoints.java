package dev.ftmigrate.analyzer;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

/** Finds the entry points registered in a file's CPython tables and the PyInit_* functions. */
final class EntryPoints {
    /** PyTypeObject fields in declaration order, for positional initialisers. */
    static final List<String> TYPE_FIELDS = List.of("ob_base", "tp_name", "tp_basicsize", "tp_itemsize", "tp_dealloc",
            "tp_vectorcall_offset", "tp_getattr", "tp_setattr", "tp_as_async", "tp_repr", "tp_as_number",
            "tp_as_sequence", "tp_as_mapping", "tp_hash", "tp_call", "tp_str", "tp_getattro", "tp_setattro",
            "tp_as_buffer", "tp_flags", "tp_doc", "tp_traverse", "tp_clear", "tp_richcompare", "tp_weaklistoffset",
            "tp_iter", "tp_iternext", "tp_methods", "tp_members", "tp_getset", "tp_base", "tp_dict", "tp_descr_get",
            "tp_descr_set", "tp_dictoffset", "tp_init", "tp_alloc", "tp_new", "tp_free", "tp_is_gc", "tp_bases",
            "tp_mro", "tp_cache", "tp_subclasses", "tp_weaklist", "tp_del", "tp_version_tag", "tp_finalize", "tp_vectorcall");
    static final Set<String> TEARDOWN = Set.of("tp_dealloc", "tp_traverse", "tp_clear", "tp_finalize", "tp_del", "tp_free",
            "m_traverse", "m_clear", "m_free", "bf_releasebuffer");
    static final Set<String> CONSTRUCT = Set.of("tp_new", "tp_alloc", "tp_init");
    static final Set<String> INIT_SLOTS = Set.of("Py_mod_exec", "Py_mod_create");
    private static final Set<String> FUNCTION_TABLES = Set.of("PyNumberMethods", "PySequenceMethods",
            "PyMappingMethods", "PyBufferProcs", "PyAsyncMethods");

    private EntryPoints() {}

    /** The registrations, by function name: the link resolves the names across files (static first). */
    static List<FileFacts.Entry> of(FileModel m) {
        List<FileFacts.Entry> out = new ArrayList<>();
        // Method tables a PyModuleDef names: their functions' first parameter is the module, not an instance.
        java.util.Set<String> moduleTables = new java.util.HashSet<>();
        for (InitTable t : m.tables("PyModuleDef")) {
            InitTable.Field methods = t.entries().isEmpty() ? null : t.entries().get(0).get("m_methods", 4);
            if (methods != null && methods.identifier() != null) moduleTables.add(methods.identifier());
        }
        for (InitTable t : m.tables()) {
            switch (t.typeName()) {
                case "PyMethodDef" -> each(t, (e, i) -> add(out, e.get("ml_meth", 1), EntryPoint.Kind.PYTHON,
                        "method " + name(e.get("ml_name", 0)) + " of " + t.name(), moduleTables.contains(t.name()) ? EntryPoint.MODULE_FUNCTION : null));
                case "PyGetSetDef" -> each(t, (e, i) -> {
                    add(out, e.get("get", 1), EntryPoint.Kind.PYTHON, "getter of " + name(e.get("name", 0)) + " in " + t.name(), null);
                    add(out, e.get("set", 2), EntryPoint.Kind.PYTHON, "setter of " + name(e.get("name", 0)) + " in " + t.name(), null);
                });
                case "PyTypeObject" -> {
                    for (InitTable.Field f : t.entries().get(0).fields()) {
                        String slot = f.designator() != null ? f.designator()
                                : f.position() < TYPE_FIELDS.size() ? TYPE_FIELDS.get(f.position()) : "slot";
                        add(out, f, kindOf(slot), slot + " of " + t.name(), slot);
                    }
                }
                case "PyType_Slot" -> each(t, (e, i) -> {
                    InitTable.Field id = e.get("slot", 0);
                    String slot = id == null ? "slot" : slotName(id).replaceFirst("^Py_", "");
                    add(out, e.get("pfunc", 1), kindOf(slot), slot + " of " + t.name(), slot);
                });
                case "PyModuleDef_Slot" -> each(t, (e, i) -> {
                    InitTable.Field id = e.get("slot", 0);
                    String slot = id == null ? "" : slotName(id);
                    add(out, e.get("value", 1), INIT_SLOTS.contains(slot) ? EntryPoint.Kind.INIT : EntryPoint.Kind.PYTHON,
                            slot + " of " + t.name(), slot);
                });
                case "PyModuleDef" -> {
                    InitTable.Entry e = t.entries().get(0);
                    add(out, e.get("m_traverse", 6), EntryPoint.Kind.TEARDOWN, "m_traverse of " + t.name(), "m_traverse");
                    add(out, e.get("m_clear", 7), EntryPoint.Kind.TEARDOWN, "m_clear of " + t.name(), "m_clear");
                    add(out, e.get("m_free", 8), EntryPoint.Kind.TEARDOWN, "m_free of " + t.name(), "m_free");
                }
                default -> {
                    if (FUNCTION_TABLES.contains(t.typeName())) {
                        for (InitTable.Entry e : t.entries()) for (InitTable.Field f : e.fields()) {
                            String slot = f.designator() != null ? f.designator() : t.typeName() + "[" + f.position() + "]";
                            add(out, f, kindOf(slot), slot + " of " + t.name(), slot);
                        }
                    }
                }
            }
        }
        for (CFunction f : m.functions()) {
            if (f.name().startsWith("PyInit_") && !f.isStatic()) {
                out.add(new FileFacts.Entry(f.name(), EntryPoint.Kind.INIT, "module initialisation " + f.name(), "PyInit",
                        f.nameRange().start(), f.nameRange().end()));
            }
        }
        return out;
    }

    private static EntryPoint.Kind kindOf(String slot) {
        String s = slot.startsWith("tp_") || slot.startsWith("bf_") || slot.startsWith("m_") ? slot : slot.replaceFirst("^Py_", "");
        if (TEARDOWN.contains(s)) return EntryPoint.Kind.TEARDOWN;
        if (CONSTRUCT.contains(s)) return EntryPoint.Kind.CONSTRUCT;
        return EntryPoint.Kind.PYTHON;
    }

    /** The slot id as the compiler sees it: in a table a macro writes, the expanded name, not the invocation. */
    private static String slotName(InitTable.Field id) {
        return id.identifier() != null ? id.identifier() : id.text();
    }

    private static String name(InitTable.Field f) {
        if (f == null) return "?";
        // A name a macro spells (`ENTRY(mul)` with `{#n, ...}`): the expanded literal, not the invocation.
        String text = !f.text().startsWith("\"") && f.value() instanceof org.eclipse.cdt.core.dom.ast.IASTLiteralExpression lit
                ? String.valueOf(lit.getValue()) : f.text();
        return "`" + text.replace("\"", "") + "`";
    }

    private interface EntryVisitor { void visit(InitTable.Entry e, int index); }

    private static void each(InitTable t, EntryVisitor v) {
        for (int i = 0; i < t.entries().size(); i++) v.visit(t.entries().get(i), i);
    }

    private static void add(List<FileFacts.Entry> out, InitTable.Field f, EntryPoint.Kind kind, String how, String slot) {
        if (f == null || f.identifier() == null || f.range() == null) return;
        out.add(new FileFacts.Entry(f.identifier(), kind, how, slot, f.range().start(), f.range().end()));
    }

}
