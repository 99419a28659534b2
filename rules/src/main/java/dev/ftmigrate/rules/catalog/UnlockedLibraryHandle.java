package dev.ftmigrate.rules.catalog;

import dev.ftmigrate.analyzer.Ast;
import dev.ftmigrate.analyzer.CFunction;
import dev.ftmigrate.analyzer.EntryPoint;
import dev.ftmigrate.analyzer.ExtensionModel;
import dev.ftmigrate.analyzer.FunctionScope;
import dev.ftmigrate.analyzer.ModelBuilder;
import dev.ftmigrate.analyzer.TextRange;
import dev.ftmigrate.rules.Confidence;
import dev.ftmigrate.rules.FixSafety;
import dev.ftmigrate.rules.RuleInfo;
import dev.ftmigrate.rules.engine.FileRule;
import dev.ftmigrate.rules.engine.RuleContext;
import org.eclipse.cdt.core.dom.ast.IASTCompositeTypeSpecifier;
import org.eclipse.cdt.core.dom.ast.IASTDeclSpecifier;
import org.eclipse.cdt.core.dom.ast.IASTDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTDeclarator;
import org.eclipse.cdt.core.dom.ast.IASTFieldReference;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;
import org.eclipse.cdt.core.dom.ast.IASTIdExpression;
import org.eclipse.cdt.core.dom.ast.IASTInitializerClause;
import org.eclipse.cdt.core.dom.ast.IASTSimpleDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTUnaryExpression;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

@RuleInfo(id = "FT410", name = "unlocked-library-handle",
        summary = "A C library's handle (z_stream, EVP_MD_CTX *, FT_Face...) kept in an object and passed to the library from Python-callable code with no lock (opt-in: --select FT410)",
        rationale = "A compressor state, a hash context or a font face keeps the library's mutable state behind one "
                + "handle, and the library does not lock it: it relied on the GIL to keep two calls apart. Without the "
                + "GIL two threads calling methods of one object (or any function using a static handle) run the library "
                + "on the same state at once, corrupting it or crashing inside the library. Nothing in the extension's "
                + "own code writes the handle, so the field-race rules cannot see it.",
        category = "shared state",
        example = "static PyObject *Comp_compress(CompObject *self, PyObject *data) {\n    ...\n    err = deflate(&self->zst, Z_NO_FLUSH);\n}",
        fixedExample = "static PyObject *Comp_compress(CompObject *self, PyObject *data) {\n    ...\n    Py_BEGIN_CRITICAL_SECTION(self);\n"
                + "    err = deflate(&self->zst, Z_NO_FLUSH);\n    Py_END_CRITICAL_SECTION();\n}",
        fixHint = "Hold Py_BEGIN_CRITICAL_SECTION(self) (or a PyMutex kept beside the handle, when the library call releases "
                + "the GIL or runs long) around every library call that takes the handle.",
        // Opt-in: without the library's headers it cannot tell a read-only accessor from a call that changes the
        // handle's state, and 19 of its 30 findings on the corpus were such accessors.
        fixSafety = FixSafety.ADVICE, sinceCPython = "3.13", optIn = true)
public final class UnlockedLibraryHandle implements FileRule {
    /** Scalars and the C API's own types: passing these to a call hands over a value, not a library's state. */
    private static final Pattern NOT_A_HANDLE = Pattern.compile("(?x)^(const\\s+)?(unsigned\\s+|signed\\s+)?"
            + "(void|char|short|int|long|long\\s+long|float|double|_Bool|bool|size_t|ssize_t|wchar_t|Py_\\w+|_?Py[A-Z]\\w*|"
            + "u?int\\d+_t|\\w+_t|uintptr_t|intptr_t|off_t|time_t|FILE|va_list|unsigned|signed)(\\s*\\*+)?$");
    /** Calls that copy or free memory, or format: they take a pointer without keeping a library state in it. */
    private static final Set<String> PLAIN_CALLS = Set.of("memcpy", "memmove", "memset", "memcmp", "free", "malloc",
            "realloc", "calloc", "strlen", "strcmp", "strncmp", "strcpy", "strncpy", "sprintf", "snprintf", "printf",
            "fprintf", "assert", "sizeof", "offsetof");

    @Override
    public void onFile(RuleContext ctx) {
        Map<String, Map<String, String>> fieldTypes = fieldTypes(ctx);
        ExtensionModel ext = ctx.extension();
        // One root cause, one finding: every unlocked use of one handle field in the file, listed on the first.
        Map<String, List<Use>> byHandle = new LinkedHashMap<>();
        for (CFunction fn : ctx.model().functions()) {
            if (ext.reach(fn) != ExtensionModel.Reach.RUNTIME || ext.alwaysCalledLocked(fn) || ownsObject(ext, fn)) continue;
            FunctionScope scope = ext.scope(fn);
            for (IASTFunctionCallExpression call : scope.calls()) {
                String callee = Ast.calleeName(call);
                TextRange at = Ast.range(call);
                if (callee == null || at == null || !library(ctx, callee) || query(callee) || ext.locked(fn, at.start())) continue;
                for (IASTInitializerClause arg : call.getArguments()) {
                    Handle h = handle(scope, arg, fieldTypes);
                    if (h != null) byHandle.computeIfAbsent(h.key(), k -> new ArrayList<>()).add(new Use(h, fn, callee, at));
                }
            }
        }
        Set<TextRange> reportedCalls = new java.util.HashSet<>();
        for (List<Use> uses : byHandle.values()) {
            // One call taking two handles of one object is one finding: the second handle is reported at its next call.
            Use first = uses.stream().filter(u -> !reportedCalls.contains(u.at())).findFirst().orElse(null);
            if (first == null) continue;
            reportedCalls.add(first.at());
            Use top = first;
            uses = uses.stream().filter(u -> u != top).toList();
            Handle h = first.handle();
            RuleContext.Report r = ctx.report(first.at()).subject(h.what())
                    .confidence(Confidence.MEDIUM)
                    .message(first.fn().name() + "() passes the library handle `" + h.what() + "` (" + h.type() + ") to " + first.callee()
                            + "() with no lock, " + Reachability.phrase(ctx, first.fn()) + ": the library keeps its state in the "
                            + "handle and relied on the GIL, so two threads using one object corrupt it"
                            + (uses.isEmpty() ? "" : "; " + uses.size() + " more unlocked library call(s) take it")
                            + "; hold Py_BEGIN_CRITICAL_SECTION(" + h.owner() + ") (or a PyMutex beside the handle) around the library calls")
                    .pathTo(first.fn());
            uses.stream().limit(8).forEach(u -> r.evidence(u.at(), "also passed to " + u.callee() + "() in " + u.fn().name() + "()"));
            r.emit();
        }
    }

    private record Use(Handle handle, CFunction fn, String callee, TextRange at) {}

    /** @param key the struct type and field, as the field model names it */
    private record Handle(String key, String what, String type, String owner) {}

    private static Handle handle(FunctionScope scope, IASTInitializerClause arg, Map<String, Map<String, String>> fieldTypes) {
        IASTInitializerClause e = Ast.strip(arg, false);
        boolean amp = e instanceof IASTUnaryExpression u && u.getOperator() == IASTUnaryExpression.op_amper;
        if (amp) e = Ast.strip(((IASTUnaryExpression) e).getOperand(), false);
        if (!(e instanceof IASTFieldReference ref) || !ref.isPointerDereference() || !(ref.getFieldOwner() instanceof IASTIdExpression id)) return null;
        String owner = id.getName().toString();
        if (!scope.isParam(owner)) return null;
        String type = structName(scope.typeOf(owner));
        String field = ref.getFieldName().toString();
        String ft = type == null ? null : fieldTypes.getOrDefault(type, Map.of()).get(field);
        if (ft == null || !handleType(ft, amp)) return null;
        return new Handle(type + "." + field, owner + "->" + field, ft, owner);
    }

    /** A handle: a pointer to (or, by address, a struct of) a type the extension does not define and C does not provide. */
    private static boolean handleType(String typeText, boolean byAddress) {
        String t = typeText.replaceAll("\\b(struct|volatile|static)\\b", "").replaceAll("\\s+", " ").strip();
        if (NOT_A_HANDLE.matcher(t).matches()) return false;
        boolean pointer = t.endsWith("*");
        if (pointer && t.indexOf('*') != t.lastIndexOf('*')) return false;
        // By value, a non-pointer type must be a typedef'd pointer (FT_Face): an unknown capitalised name.
        return pointer || byAddress || Character.isUpperCase(t.charAt(0));
    }

    private boolean library(RuleContext ctx, String callee) {
        if (callee.startsWith("Py") || callee.startsWith("_Py") || callee.startsWith("PY") || PLAIN_CALLS.contains(callee)) return false;
        if (Character.isUpperCase(callee.charAt(0)) && callee.equals(callee.toUpperCase())) return false;   // a macro
        return !ctx.extension().defines(ctx.source().relPath(), callee) && !ctx.model().macros().containsKey(callee);
    }

    /**
     * An accessor by its name (`git_commit_message_encoding`, `EVP_MD_CTX_block_size`, `HMAC_CTX_get_md`):
     * it reads a property the handle fixed when it was made, so it is not the racing call.
     */
    private static boolean query(String callee) {
        for (String part : callee.toLowerCase(java.util.Locale.ROOT).split("_")) {
            if (QUERY_WORDS.contains(part) || part.endsWith("count") || part.endsWith("size")) return true;
        }
        return false;
    }

    private static final Set<String> QUERY_WORDS = Set.of("get", "is", "has", "num", "len", "length", "name", "encoding",
            "type", "id", "owner", "peek");

    /** tp_dealloc, tp_new, tp_init...: one thread owns the object while they run. */
    private static boolean ownsObject(ExtensionModel ext, CFunction fn) {
        return ext.entriesOf(fn).stream().anyMatch(e -> e.kind() == EntryPoint.Kind.TEARDOWN || e.kind() == EntryPoint.Kind.CONSTRUCT);
    }

    private static String structName(String typeText) {
        if (typeText == null || !typeText.contains("*")) return null;
        return typeText.replaceAll("\\b(const|volatile|struct)\\b", "").replace("*", "").strip();
    }

    /** The declared type of each field of the object structs this file sees (its own and its headers'). */
    private static Map<String, Map<String, String>> fieldTypes(RuleContext ctx) {
        Map<String, Map<String, String>> out = new HashMap<>();
        if (ctx.model().parsed().ast() == null) return out;
        for (IASTDeclaration d : ctx.model().parsed().ast().getDeclarations()) {
            if (!(d instanceof IASTSimpleDeclaration sd) || !(sd.getDeclSpecifier() instanceof IASTCompositeTypeSpecifier cs)) continue;
            Map<String, String> fields = new HashMap<>();
            for (IASTDeclaration m : cs.getMembers()) {
                if (!(m instanceof IASTSimpleDeclaration md)) continue;
                for (IASTDeclarator dt : md.getDeclarators()) fields.put(dt.getName().toString(), ModelBuilder.typeText(md.getDeclSpecifier(), dt));
            }
            if (!cs.getName().toString().isEmpty() && ctx.model().objectTypes().contains(cs.getName().toString())) out.put(cs.getName().toString(), fields);
            if (sd.getDeclSpecifier().getStorageClass() == IASTDeclSpecifier.sc_typedef) {
                for (IASTDeclarator dt : sd.getDeclarators()) {
                    if (dt.getPointerOperators().length == 0 && ctx.model().objectTypes().contains(dt.getName().toString())) out.put(dt.getName().toString(), fields);
                }
            }
        }
        return out;
    }
}
