package dev.ftmigrate.analyzer;

import org.eclipse.cdt.core.dom.ast.ASTVisitor;
import org.eclipse.cdt.core.dom.ast.IASTArrayDeclarator;
import org.eclipse.cdt.core.dom.ast.IASTCompositeTypeSpecifier;
import org.eclipse.cdt.core.dom.ast.IASTDeclSpecifier;
import org.eclipse.cdt.core.dom.ast.IASTDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTDeclarator;
import org.eclipse.cdt.core.dom.ast.IASTElaboratedTypeSpecifier;
import org.eclipse.cdt.core.dom.ast.IASTEqualsInitializer;
import org.eclipse.cdt.core.dom.ast.IASTFunctionDeclarator;
import org.eclipse.cdt.core.dom.ast.IASTFunctionDefinition;
import org.eclipse.cdt.core.dom.ast.IASTInitializerClause;
import org.eclipse.cdt.core.dom.ast.IASTInitializerList;
import org.eclipse.cdt.core.dom.ast.IASTNamedTypeSpecifier;
import org.eclipse.cdt.core.dom.ast.IASTParameterDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTPointer;
import org.eclipse.cdt.core.dom.ast.IASTPointerOperator;
import org.eclipse.cdt.core.dom.ast.IASTPreprocessorMacroDefinition;
import org.eclipse.cdt.core.dom.ast.IASTSimpleDeclaration;
import org.eclipse.cdt.core.dom.ast.IASTStandardFunctionDeclarator;
import org.eclipse.cdt.core.dom.ast.c.ICASTDesignatedInitializer;
import org.eclipse.cdt.core.dom.ast.c.ICASTDesignator;
import org.eclipse.cdt.core.dom.ast.c.ICASTFieldDesignator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds a {@link FileModel} from a parsed file: one pass over the top-level declarations. */
public final class ModelBuilder {
    /** CPython struct types whose static initialisers declare modules, methods and slots. */
    public static final Set<String> TABLE_TYPES = Set.of("PyMethodDef", "PyModuleDef_Slot", "PyType_Slot",
            "PyGetSetDef", "PyMemberDef", "PyModuleDef", "PyTypeObject", "PyNumberMethods", "PySequenceMethods",
            "PyMappingMethods", "PyBufferProcs", "PyAsyncMethods", "PyType_Spec");

    private ModelBuilder() {}

    public static FileModel build(ParsedFile parsed) {
        return build(parsed, false);
    }

    /** @param analyseGenerated analyse generated code like hand-written code (the rules still say what generated it) */
    public static FileModel build(ParsedFile parsed, boolean analyseGenerated) {
        SourceFile src = parsed.source();
        List<CFunction> functions = new ArrayList<>();
        List<CVariable> variables = new ArrayList<>();
        List<InitTable> tables = new ArrayList<>();
        Set<String> objectTypes = new java.util.TreeSet<>(), plainStructs = new java.util.TreeSet<>();
        List<CFunction> included = new ArrayList<>();
        for (IASTDeclaration d : parsed.ast().getDeclarations()) {
            if (!d.isPartOfTranslationUnitFile() && d instanceof IASTFunctionDefinition fd && localHeader(d.getContainingFilename())) {
                CFunction f = function(src, fd);
                if (f != null) included.add(f);
                continue;
            }
            if (d instanceof IASTSimpleDeclaration sd && sd.getDeclSpecifier() instanceof IASTCompositeTypeSpecifier cs) {
                structType(sd, cs, objectTypes, plainStructs);
            }
            if (!d.isPartOfTranslationUnitFile()) continue;
            if (d instanceof IASTFunctionDefinition fd) {
                CFunction f = function(src, fd);
                if (f != null) {
                    functions.add(f);
                    collectFunctionStatics(src, fd, f.name(), variables, tables);
                }
            } else if (d instanceof IASTSimpleDeclaration sd) {
                declaration(src, sd, null, variables, tables);
            }
        }
        Map<String, TextRange> macros = new LinkedHashMap<>();
        for (IASTPreprocessorMacroDefinition m : parsed.ast().getMacroDefinitions()) {
            if (m.isPartOfTranslationUnitFile()) macros.putIfAbsent(m.getName().toString(), Ast.range(m));
        }
        Generated generated = Generated.detect(src);
        if (generated != null && analyseGenerated) generated = generated.analysedAnyway();
        return new FileModel(parsed, functions, variables, tables, macros, generated, CodeText.of(src.text()), objectTypes, plainStructs, included);
    }

    /** The model of a generated file that is not analysed: no tree, only what the generated-code rules need. */
    public static FileModel generated(SourceFile src, Generated generated) {
        return new FileModel(new ParsedFile(src, null, java.util.List.of()), java.util.List.of(), java.util.List.of(),
                java.util.List.of(), java.util.Map.of(), generated, src.text(), Set.of(), Set.of(), java.util.List.of());
    }

    private static final java.util.regex.Pattern STORAGE = java.util.regex.Pattern.compile("\\b(static|extern|register)\\s+");

    /** A declaration's type as written, without storage class: "PyListObject *". */
    public static String typeText(IASTDeclSpecifier spec, IASTDeclarator d) {
        int ptrs = d == null ? 0 : d.getPointerOperators().length;
        return STORAGE.matcher(spec.getRawSignature()).replaceAll("").strip() + (ptrs > 0 ? " " + "*".repeat(ptrs) : "");
    }

    /** Headers of the project itself (clinic/*.c.h, local .h), not the system's or Python's. */
    private static boolean localHeader(String path) {
        return path != null && !path.startsWith("/usr/") && !path.contains("/include/python");
    }

    /** A struct whose first member is the object header (PyObject_HEAD expands to `PyObject ob_base;`). */
    private static void structType(IASTSimpleDeclaration sd, IASTCompositeTypeSpecifier cs, Set<String> objects, Set<String> plain) {
        IASTDeclaration[] members = cs.getMembers();
        boolean object = members.length > 0 && members[0] instanceof IASTSimpleDeclaration first
                && first.getDeclarators().length == 1 && first.getDeclarators()[0].getPointerOperators().length == 0
                && first.getDeclSpecifier() instanceof IASTNamedTypeSpecifier n
                && (n.getName().toString().equals("PyObject") || n.getName().toString().equals("PyVarObject")
                    || n.getName().toString().endsWith("Object"));
        Set<String> into = object ? objects : plain;
        if (!cs.getName().toString().isEmpty()) into.add(cs.getName().toString());
        if (sd.getDeclSpecifier().getStorageClass() == IASTDeclSpecifier.sc_typedef) {
            for (IASTDeclarator d : sd.getDeclarators()) if (d.getPointerOperators().length == 0) into.add(d.getName().toString());
        }
    }

    private static CFunction function(SourceFile src, IASTFunctionDefinition fd) {
        IASTFunctionDeclarator decl = fd.getDeclarator();
        while (decl.getNestedDeclarator() instanceof IASTFunctionDeclarator inner) decl = inner;
        IASTDeclarator named = decl;
        while (named.getNestedDeclarator() != null) named = named.getNestedDeclarator();
        String name = named.getName().toString();
        if (name.isEmpty()) return null;
        List<String> params = new ArrayList<>(), types = new ArrayList<>();
        if (decl instanceof IASTStandardFunctionDeclarator std) {
            for (IASTParameterDeclaration p : std.getParameters()) {
                IASTDeclarator pd = p.getDeclarator();
                types.add(typeText(p.getDeclSpecifier(), pd));
                while (pd.getNestedDeclarator() != null) pd = pd.getNestedDeclarator();
                params.add(pd.getName().toString());
            }
        }
        boolean isStatic = fd.getDeclSpecifier().getStorageClass() == IASTDeclSpecifier.sc_static;
        return new CFunction(name, isStatic, params, types, Ast.range(fd), Ast.nameRange(named.getName()), fd, src.relPath());
    }

    private static void collectFunctionStatics(SourceFile src, IASTFunctionDefinition fd, String fn,
                                               List<CVariable> vars, List<InitTable> tables) {
        fd.getBody().accept(new ASTVisitor() {
            { shouldVisitDeclarations = true; }

            @Override
            public int visit(IASTDeclaration d) {
                if (d instanceof IASTSimpleDeclaration sd
                        && sd.getDeclSpecifier().getStorageClass() == IASTDeclSpecifier.sc_static) {
                    declaration(src, sd, fn, vars, tables);
                }
                return PROCESS_CONTINUE;
            }
        });
    }

    private static void declaration(SourceFile src, IASTSimpleDeclaration sd, String fn,
                                    List<CVariable> vars, List<InitTable> tables) {
        IASTDeclSpecifier spec = sd.getDeclSpecifier();
        int sc = spec.getStorageClass();
        if (sc == IASTDeclSpecifier.sc_typedef) return;
        String typeName = typeName(spec);
        for (IASTDeclarator dtor : sd.getDeclarators()) {
            IASTDeclarator named = dtor;
            while (named.getNestedDeclarator() != null) named = named.getNestedDeclarator();
            if (dtor instanceof IASTFunctionDeclarator || named instanceof IASTFunctionDeclarator) continue;
            String name = named.getName().toString();
            if (name.isEmpty()) continue;
            IASTPointerOperator[] ptrs = dtor.getPointerOperators();
            boolean pointer = ptrs.length > 0;
            boolean constant = pointer ? ptrs[ptrs.length - 1] instanceof IASTPointer p && p.isConst() : spec.isConst();
            String typeText = spec.getRawSignature().replaceAll("\\b(static|extern)\\s+", "").strip()
                    + (pointer ? " " + "*".repeat(ptrs.length) : "");
            TextRange nameRange = Ast.nameRange(named.getName());
            vars.add(new CVariable(name, typeText, sc == IASTDeclSpecifier.sc_static, constant,
                    sc == IASTDeclSpecifier.sc_extern, dtor instanceof IASTArrayDeclarator, pointer, fn,
                    nameRange, dtor, src.relPath()));
            if (typeName != null && TABLE_TYPES.contains(typeName) && !pointer
                    && dtor.getInitializer() instanceof IASTEqualsInitializer eq
                    && eq.getInitializerClause() instanceof IASTInitializerList list) {
                tables.add(table(src, typeName, name, nameRange, dtor, list));
            }
        }
    }

    private static String typeName(IASTDeclSpecifier spec) {
        if (spec instanceof IASTNamedTypeSpecifier n) return n.getName().toString();
        if (spec instanceof IASTElaboratedTypeSpecifier e) return e.getName().toString();
        return null;
    }

    private static InitTable table(SourceFile src, String type, String name, TextRange nameRange,
                                   IASTDeclarator dtor, IASTInitializerList list) {
        List<InitTable.Entry> entries = new ArrayList<>();
        if (dtor instanceof IASTArrayDeclarator) {
            for (IASTInitializerClause c : list.getClauses()) {
                IASTInitializerClause v = c instanceof ICASTDesignatedInitializer di ? di.getOperand() : c;
                if (v instanceof IASTInitializerList inner) entries.add(entry(src, inner));
            }
        } else {
            entries.add(entry(src, list));
        }
        return new InitTable(type, name, nameRange, Ast.range(list), entries, dtor, src.relPath());
    }

    private static InitTable.Entry entry(SourceFile src, IASTInitializerList list) {
        List<InitTable.Field> fields = new ArrayList<>();
        int pos = 0;
        for (IASTInitializerClause c : list.getClauses()) {
            String designator = null;
            IASTInitializerClause value = c;
            if (c instanceof ICASTDesignatedInitializer di) {
                for (ICASTDesignator d : di.getDesignators()) {
                    if (d instanceof ICASTFieldDesignator fdz) designator = fdz.getName().toString();
                }
                value = di.getOperand();
            }
            fields.add(new InitTable.Field(designator, designator == null ? pos : -1, Ast.text(src, value),
                    Ast.identifier(value), value, Ast.range(value)));
            if (designator == null) pos++;
        }
        return new InitTable.Entry(fields, Ast.range(list));
    }
}
