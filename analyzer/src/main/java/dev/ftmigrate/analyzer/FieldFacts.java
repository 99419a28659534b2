package dev.ftmigrate.analyzer;

import java.util.List;
import java.util.Map;

/**
 * What one file contributes to the field model ({@link FieldModel}), as plain data: its struct
 * types and, per function, the field accesses and calls in the order a walk of the body meets them.
 * Nothing here depends on other files: an owner is kept as written (casts, the variable, its
 * declared type, what it is assigned) and resolved against every file's struct types at link time.
 * So a scan cache can keep it beside {@link FileFacts}, and the field model of a repeat scan is
 * linked without parsing the unchanged files.
 *
 * @param functions one per function of {@link FileFacts#functions()}, same order
 * @param members   the fields its PyMemberDef tables expose
 */
public record FieldFacts(Types types, List<Fn> functions, List<Member> members) {
    public FieldFacts {
        functions = FileFacts.copy(functions);
        members = FileFacts.copy(members);
    }

    /**
     * A struct field exposed through a {@code PyMemberDef} entry (the struct is checked to be an object at link time).
     *
     * @param object a T_OBJECT/T_OBJECT_EX member: the generic setter releases the old reference
     * @param start  the table entry, as char offsets
     */
    public record Member(String name, String type, String field, boolean readonly, boolean object, int start, int end) {}

    /**
     * @param objects      struct names whose first member is PyObject_HEAD
     * @param plain        other struct names defined here
     * @param fields       per struct (tag or typedef) name, in declaration order: field to "holds a pointer"
     * @param moduleState  struct names used as module state (m_size, PyModule_GetState casts)
     */
    public record Types(List<String> objects, List<String> plain, List<Struct> fields, List<String> moduleState) {
        public Types {
            objects = FileFacts.orEmpty(objects);
            plain = FileFacts.orEmpty(plain);
            fields = FileFacts.orEmpty(fields);
            moduleState = FileFacts.orEmpty(moduleState);
        }
    }

    /** @param embedded fields declared as a struct value (not a pointer): field to that struct's name */
    public record Struct(String name, Map<String, Boolean> fields, Map<String, String> embedded) {
        public Struct {
            fields = fields == null ? Map.of() : fields;
            embedded = embedded == null ? Map.of() : embedded;
        }
    }

    /**
     * @param body      the definition has a body (a call into it carries its summary)
     * @param locks     the function makes a lock call (its sites may be protected)
     * @param vars      every variable an owner names: its declared struct, parameter index, assignments
     * @param events    field references, Py_SIZE uses and calls, in walk order
     * @param delegates for a wrapper in an included header: calls handing on its first parameter
     */
    public record Fn(boolean body, boolean locks, Map<String, Var> vars, List<Event> events, List<Delegate> delegates) {
        public Fn {
            vars = vars == null ? Map.of() : vars;
            events = FileFacts.orEmpty(events);
            delegates = FileFacts.orEmpty(delegates);
        }
    }

    /**
     * @param struct  the struct name its declared type points to (one '*', qualifiers dropped), or null
     * @param param   true for a parameter (not shadowed by a local); index its place in the parameter list
     * @param local   a local variable
     * @param assigns the values assigned to it, null constants left out
     */
    public record Var(String struct, boolean param, int index, boolean local, List<Own> assigns) {
        public Var { assigns = FileFacts.orEmpty(assigns); }
    }

    /** An expression that may denote an object: the casts around it (outermost first, as struct names) and the variable, or null. */
    public record Own(List<String> casts, String name) {
        public Own { casts = FileFacts.orEmpty(casts); }
    }

    /** Kinds of {@link Event}. */
    public static final int REF = 0, SIZE = 1, CALL = 2;
    /** How a field reference uses the field. */
    public static final int READ = 0, ASSIGN = 1, RMW = 2, ARG = 3;
    /**
     * The shape of a field reference's value use: FLAG_WRITE a constant stored or a bit ORed/ANDed in,
     * INDEX_READ read as an index, a bound or a size (a subscript, a comparison, a length argument),
     * NULL_TEST read only to compare it with NULL ({@code if (o->buf)}, {@code o->buf != NULL}, {@code !o->buf}).
     */
    public static final int PLAIN = 0, FLAG_WRITE = 1, INDEX_READ = 2, NULL_TEST = 3;

    /**
     * One access, at {@code start..end} of the file's text.
     *
     * @param kind     REF (owner->field), SIZE (Py_SIZE/Py_SET_SIZE of owner), CALL (callee with args)
     * @param mode     for REF: READ, ASSIGN, RMW or ARG (handed to {@code callee})
     * @param resize   ASSIGN of a realloc result; @param nested the field is indexed or a member taken;
     * @param amp      ARG by address; for SIZE: true when it writes
     * @param fallback ARG: the effect when the callee has no summary (a FieldEffect ordinal)
     * @param held     the locks whose region holds this offset (when the function takes any)
     * @param shape    for REF: PLAIN, FLAG_WRITE, INDEX_READ or NULL_TEST
     */
    public record Event(int kind, int start, int end, Own owner, String field, int mode, boolean resize, boolean nested,
                        String callee, boolean amp, int fallback, List<Arg> args, List<Held> held, int shape) {
        public Event {
            args = FileFacts.orEmpty(args);
            held = FileFacts.orEmpty(held);
        }
    }

    /**
     * A call's argument: the object it denotes, or the owner and field of {@code x->f} / {@code &x->f} (embedded);
     * the field is the path to the member named ({@code ctx.inner} for {@code &x->ctx.inner}).
     */
    public record Arg(Own direct, Own through, String throughField, boolean embedded) {}

    /** A lock region: a mutex (serialises everything) or a critical section on its object arguments (owners and identifiers). */
    public record Held(boolean mutex, List<Own> args, List<String> ids) {
        public Held {
            args = FileFacts.orEmpty(args);
            ids = FileFacts.orEmpty(ids);
        }
    }

    /** A call whose first argument is the wrapper's first parameter. */
    public record Delegate(String callee, int start, boolean held) {}
}
