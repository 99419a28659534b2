package dev.ftmigrate.analyzer;

import org.eclipse.cdt.core.dom.ast.IASTDeclarator;
import org.eclipse.cdt.core.dom.ast.IASTEqualsInitializer;
import org.eclipse.cdt.core.dom.ast.IASTInitializerList;
import org.eclipse.cdt.core.dom.ast.IASTSimpleDeclaration;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** What the parser leaves out of the trees a scan keeps, and that the facts do not change for it. */
class ParserTreeSizeTest {
    private static String table(String name, int literals, String last) {
        StringBuilder s = new StringBuilder("static const unsigned short " + name + "[] = {");
        for (int i = 0; i < literals; i++) s.append(i % 7).append(i % 16 == 15 ? ",\n" : ", ");
        return s.append(last).append("};\n").toString();
    }

    private static IASTInitializerList initializer(ParsedFile p, String name) {
        for (var d : p.ast().getDeclarations()) {
            if (d instanceof IASTSimpleDeclaration s) {
                for (IASTDeclarator dec : s.getDeclarators()) {
                    if (dec.getName().toString().equals(name)) {
                        return (IASTInitializerList) ((IASTEqualsInitializer) dec.getInitializer()).getInitializerClause();
                    }
                }
            }
        }
        throw new AssertionError(name);
    }

    @Test
    void aDataTablesLiteralTailIsDroppedButItsSizeAndItsNamesAreKept() {
        String src = table("data", 3000, "0") + table("mixed", 3000, "(unsigned short)limit")
                + "static int limit;\nstatic int small[] = {1, 2, 3};\n";
        ParsedFile p = new CParser(ParseOptions.hermetic()).parse(SourceFile.ofText("t.c", src));
        assertEquals(0, p.syntaxProblems(), () -> "problems: " + p.problems());
        IASTInitializerList data = initializer(p, "data");
        assertEquals(3001, data.getSize(), "the table's length stays known");
        assertEquals(CParser.LITERALS_KEPT, data.getClauses().length, "literals past the limit are not kept");
        IASTInitializerList mixed = initializer(p, "mixed");
        assertEquals(CParser.LITERALS_KEPT + 1, mixed.getClauses().length, "an entry that names something is kept");
        assertEquals(3, initializer(p, "small").getClauses().length);
        FileModel m = ModelBuilder.build(p);
        assertEquals(List.of("data", "mixed", "limit", "small"), m.variables().stream().map(CVariable::name).toList());
    }

    @Test
    void theCharsATreeWasParsedFromCountItsHeaders(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
        // A header of many declarations included by every file is in every file's tree: a scan's budget of
        // kept trees must count it, or such a project fills the heap.
        StringBuilder h = new StringBuilder();
        for (int i = 0; i < 200; i++) h.append("PyObject *helper_").append(i).append("(PyObject *x);\n");
        java.nio.file.Files.writeString(dir.resolve("shared.h"), h);
        String src = "#include \"shared.h\"\n#include \"missing.h\"\nstatic int n;\n";
        java.nio.file.Files.writeString(dir.resolve("m.c"), src);
        ParsedFile p = new CParser(ParseOptions.hermetic()).parse(SourceFile.read(dir.resolve("m.c"), "m.c"));
        assertEquals(h.length(), p.includedChars());
        assertEquals(src.length() + h.length(), p.treeChars());
        assertEquals(0, new CParser(ParseOptions.hermetic()).parse(SourceFile.ofText("t.c", "static int n;\n")).includedChars());
    }

    @Test
    void gccBuiltinsAreCallsByNameWithoutBindings() {
        String src = """
                #include <Python.h>
                static long hits;
                static PyObject *
                look(PyObject *d, PyObject *k)
                {
                    __atomic_fetch_add(&hits, 1, __ATOMIC_RELAXED);
                    if (__builtin_expect(k == NULL, 0)) __builtin_unreachable();
                    return PyDict_GetItem(d, k);
                }
                """;
        ParsedFile p = new CParser(ParseOptions.hermetic()).parse(SourceFile.ofText("b.c", src));
        assertEquals(0, p.syntaxProblems(), () -> "problems: " + p.problems());
        assertEquals(0, p.ast().getScope().find("__builtin_expect", p.ast()).length, "no builtin bindings are made per file");
        FileFacts facts = ExtensionModel.facts(ModelBuilder.build(p), new Scopes());
        assertEquals(List.of("__atomic_fetch_add", "__builtin_expect", "__builtin_unreachable", "PyDict_GetItem"),
                facts.calls().stream().map(FileFacts.Call::callee).toList());
    }
}
