package dev.ftmigrate.analyzer;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Which names a file's facts list as functions handed to C code (used as a value, not called). */
class FactsReferencesTest {
    static final String SRC = """
            #include <Python.h>
            static int cb(void) { return 0; }
            static int other(void) { return 1; }
            enum { RED = 1 };
            static int g;
            typedef int (*hook)(void);
            static void *use(int x, hook h) {
                void *p = (void *)cb;
                void *q = (void *)ext_fn;
                int r = x + RED + g + h();
                { int other = 2; r += other; }
                hook later = other;
                int cb = 3;
                return r + cb ? p : q;
            }
            static hook table[] = { other };
            """;

    @Test
    void functionsUsedAsValuesAreReferencesAndVariablesNamedLikeThemAreNot() {
        ParsedFile p = new CParser(ParseOptions.hermetic()).parse(SourceFile.ofText("r.c", SRC));
        FileModel m = ModelBuilder.build(p);
        FileFacts facts = ExtensionModel.facts(m, new Scopes());
        List<String> refs = facts.references().stream().map(r -> r.name() + "@" + SourceFile.ofText("r.c", SRC).line(r.start())).toList();
        // cb (before the local that shadows it), an undeclared name (a function elsewhere), other in the
        // initialiser after its block's local went out of scope... and in the table; not the locals,
        // the parameter, the enumerator, the global or the local cb after its declaration.
        assertEquals(List.of("cb@8", "ext_fn@9", "other@12", "other@16"), refs);
    }
}
