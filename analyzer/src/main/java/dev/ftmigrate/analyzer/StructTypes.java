package dev.ftmigrate.analyzer;

import org.eclipse.cdt.core.dom.ast.IASTArrayDeclarator;
import org.eclipse.cdt.core.dom.ast.IASTCompositeTypeSpecifier;
import org.eclipse.cdt.core.dom.ast.IASTDeclSpecifier;
import org.eclipse.cdt.core.dom.ast.IASTDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTDeclarator;
import org.eclipse.cdt.core.dom.ast.IASTElaboratedTypeSpecifier;
import org.eclipse.cdt.core.dom.ast.IASTNamedTypeSpecifier;
import org.eclipse.cdt.core.dom.ast.IASTSimpleDeclaration;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The struct types the extension defines, across its files: which are Python objects, which is
 * module state (one per module: every thread shares it), and which of their fields hold pointers.
 * Linked from each file's {@link FieldFacts.Types}.
 */
public final class StructTypes {
    /** The calls that return a module's state, each also with a leading underscore (CPython's internal spelling). */
    private static final List<String> STATE_GETTERS = List.of("PyModule_GetState", "PyType_GetModuleState");
    private static final Pattern SIZEOF = Pattern.compile("sizeof\\s*\\(\\s*(?:struct\\s+)?(\\w+)\\s*\\)");
    private static final Pattern QUALIFIERS = Pattern.compile("\\b(const|volatile|struct|register)\\b");

    private final Set<String> objects = new HashSet<>();
    private final Set<String> structs = new HashSet<>();
    private final Set<String> moduleState = new HashSet<>();
    private final Map<String, Map<String, Boolean>> pointerFields = new HashMap<>();
    private final Map<String, Map<String, String>> embeddedFields = new HashMap<>();

    /** @param files each file's types, in link order (a later definition of a name wins, as before) */
    public StructTypes(List<FieldFacts.Types> files) {
        for (FieldFacts.Types t : files) {
            objects.addAll(t.objects());
            structs.addAll(t.objects());
            structs.addAll(t.plain());
            for (FieldFacts.Struct s : t.fields()) {
                pointerFields.put(s.name(), s.fields());
                embeddedFields.put(s.name(), s.embedded());
            }
            moduleState.addAll(t.moduleState());
        }
        moduleState.retainAll(structs);
        moduleState.removeAll(objects);
    }

    /** One file's contribution. */
    static FieldFacts.Types facts(FileModel m) {
        List<FieldFacts.Struct> fields = new ArrayList<>();
        if (m.parsed().ast() != null) {
            for (IASTDeclaration d : m.parsed().ast().getDeclarations()) {
                if (d instanceof IASTSimpleDeclaration sd && sd.getDeclSpecifier() instanceof IASTCompositeTypeSpecifier cs) fields(sd, cs, fields);
            }
        }
        List<String> state = new ArrayList<>();
        for (InitTable t : m.tables("PyModuleDef")) {
            InitTable.Field size = t.entries().get(0).get("m_size", 3);
            Matcher s = size == null ? null : SIZEOF.matcher(size.text());
            if (s != null && s.find()) state.add(s.group(1));
        }
        state.addAll(stateCasts(m.code()));
        return new FieldFacts.Types(List.copyOf(m.objectTypes()), List.copyOf(m.plainStructs()), fields, state.stream().distinct().toList());
    }

    /**
     * The struct names of the casts {@code (T *)} and {@code (struct T *)} applied to a module-state getter's result,
     * in order. Read backwards from each call (a pattern opening with "(" was tried at every parenthesis of the file).
     */
    static List<String> stateCasts(String code) {
        java.util.TreeMap<Integer, String> found = new java.util.TreeMap<>();
        for (String getter : STATE_GETTERS) {
            for (int at = code.indexOf(getter); at >= 0; at = code.indexOf(getter, at + 1)) {
                int end = at + getter.length();
                if (end < code.length() && CodeText.word(code.charAt(end))) continue;   // a longer name
                int i = at > 0 && code.charAt(at - 1) == '_' ? at - 1 : at;
                String type = castBefore(code, i);
                if (type != null) found.put(at, type);
            }
        }
        return List.copyOf(found.values());
    }

    /** The type of a cast {@code ( [struct] T * )} ending, blanks aside, just before {@code end}; null when none does. */
    private static String castBefore(String code, int end) {
        int i = spaceBack(code, end);
        if (i == 0 || code.charAt(i - 1) != ')') return null;
        i = spaceBack(code, i - 1);
        if (i == 0 || code.charAt(i - 1) != '*') return null;
        int nameEnd = spaceBack(code, i - 1), nameStart = nameEnd;
        while (nameStart > 0 && CodeText.word(code.charAt(nameStart - 1))) nameStart--;
        if (nameStart == nameEnd) return null;
        i = spaceBack(code, nameStart);
        if (i > 0 && code.charAt(i - 1) == '(') return code.substring(nameStart, nameEnd);
        // "(struct T *)": at least one blank between the keyword and the name.
        if (i < nameStart && i >= 6 && code.startsWith("struct", i - 6)) {
            int open = spaceBack(code, i - 6);
            if (open > 0 && code.charAt(open - 1) == '(') return code.substring(nameStart, nameEnd);
        }
        return null;
    }

    /** The start of the run of whitespace (as regex's {@code \s}) that ends at {@code i}. */
    private static int spaceBack(String code, int i) {
        while (i > 0 && " \t\n\u000B\f\r".indexOf(code.charAt(i - 1)) >= 0) i--;
        return i;
    }

    private static void fields(IASTSimpleDeclaration sd, IASTCompositeTypeSpecifier cs, List<FieldFacts.Struct> out) {
        Map<String, Boolean> fields = new LinkedHashMap<>();
        Map<String, String> embedded = new LinkedHashMap<>();
        for (IASTDeclaration member : cs.getMembers()) {
            if (!(member instanceof IASTSimpleDeclaration ms)) continue;
            String valueType = ms.getDeclSpecifier() instanceof IASTNamedTypeSpecifier n ? n.getName().toString()
                    : ms.getDeclSpecifier() instanceof IASTElaboratedTypeSpecifier e ? e.getName().toString() : null;
            for (IASTDeclarator d : ms.getDeclarators()) {
                while (d.getNestedDeclarator() != null && d.getPointerOperators().length == 0) d = d.getNestedDeclarator();
                boolean pointer = d.getPointerOperators().length > 0 || d instanceof IASTArrayDeclarator;
                fields.put(d.getName().toString(), pointer);
                if (!pointer && valueType != null) embedded.put(d.getName().toString(), valueType);
            }
        }
        if (!cs.getName().toString().isEmpty()) out.add(new FieldFacts.Struct(cs.getName().toString(), fields, embedded));
        if (sd.getDeclSpecifier().getStorageClass() == IASTDeclSpecifier.sc_typedef) {
            for (IASTDeclarator d : sd.getDeclarators()) {
                if (d.getPointerOperators().length == 0) out.add(new FieldFacts.Struct(d.getName().toString(), fields, embedded));
            }
        }
    }

    /** "dequeobject *", "struct foo*", "const T *" → "dequeobject", "foo", "T": the struct it may name; null for no or several '*'. */
    static String candidate(String typeText) {
        if (typeText == null || !typeText.contains("*")) return null;
        if (typeText.indexOf('*') != typeText.lastIndexOf('*')) return null;
        return QUALIFIERS.matcher(typeText).replaceAll("").replace("*", "").strip();
    }

    /** The candidate when the extension defines that struct, else null. */
    String known(String candidate) { return candidate != null && structs.contains(candidate) ? candidate : null; }

    /** "dequeobject *", "struct foo*", "const T *" → the struct's name when the extension defines it, else null. */
    public String structOf(String typeText) { return known(candidate(typeText)); }

    public boolean isObject(String type) { return objects.contains(type); }

    public boolean isModuleState(String type) { return moduleState.contains(type); }

    /**
     * True when the field is declared with a pointer or array type (a buffer, an object reference).
     * A member path ({@code ctx.buf}) is followed through the embedded structs the extension defines.
     */
    public boolean pointer(String type, String field) {
        int dot = field.indexOf('.');
        if (dot < 0) return pointerFields.getOrDefault(type, Map.of()).getOrDefault(field, false);
        String inner = embeddedFields.getOrDefault(type, Map.of()).get(field.substring(0, dot));
        return inner != null && !inner.equals(type) && pointer(inner, field.substring(dot + 1));
    }
}
