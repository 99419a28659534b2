package dev.ftmigrate.analyzer;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class ModelBuilderTest {
    static final String SRC = """
            #include <Python.h>
            #include "missing_local.h"

            typedef struct { PyObject_HEAD PyObject *cache; Py_ssize_t n; } FooObject;
            static PyObject *registry = NULL;
            static const char *const names[] = {"a", "b"};
            static long counter;

            static PyObject *
            foo_call(PyObject *self, PyObject *args)
            {
                static int calls = 0;
                PyObject *x;
                calls++;
                Py_BEGIN_ALLOW_THREADS
                x = compute();
                Py_END_ALLOW_THREADS
                return x;
            }

            static PyMethodDef foo_methods[] = {
                {"call", (PyCFunction)foo_call, METH_VARARGS, PyDoc_STR("call")},
                {NULL, NULL, 0, NULL}
            };

            static PyModuleDef_Slot foo_slots[] = {
                {Py_mod_exec, foo_exec},
                {0, NULL}
            };

            static struct PyModuleDef foo_module = {
                PyModuleDef_HEAD_INIT, .m_name = "foo", .m_methods = foo_methods, .m_slots = foo_slots,
            };

            PyMODINIT_FUNC
            PyInit_foo(void)
            {
                return PyModuleDef_Init(&foo_module);
            }
            """;

    @Test
    void buildsFunctionsStaticsAndTables() {
        SourceFile f = SourceFile.ofText("foo.c", SRC);
        ParsedFile p = new CParser(ParseOptions.hermetic()).parse(f);
        assertEquals(0, p.syntaxProblems(), () -> "problems: " + p.problems());
        FileModel m = ModelBuilder.build(p);

        assertEquals(java.util.List.of("foo_call", "PyInit_foo"), m.functions().stream().map(CFunction::name).toList());
        assertEquals(java.util.List.of("self", "args"), m.function("foo_call").orElseThrow().params());

        CVariable calls = m.variables().stream().filter(v -> v.name().equals("calls")).findFirst().orElseThrow();
        assertEquals("foo_call", calls.function());
        assertTrue(calls.isStatic());
        assertEquals("calls", f.text().substring(calls.nameRange().start(), calls.nameRange().end()));

        CVariable names = m.variables().stream().filter(v -> v.name().equals("names")).findFirst().orElseThrow();
        assertTrue(names.constant() && names.array());
        CVariable registry = m.variables().stream().filter(v -> v.name().equals("registry")).findFirst().orElseThrow();
        assertFalse(registry.constant());
        assertTrue(registry.pointer());

        InitTable methods = m.tables("PyMethodDef").get(0);
        assertEquals(2, methods.entries().size());
        assertEquals("foo_call", methods.entries().get(0).get("ml_meth", 1).identifier());
        assertEquals("METH_VARARGS", methods.entries().get(0).get("ml_flags", 2).text());

        InitTable slots = m.tables("PyModuleDef_Slot").get(0);
        assertEquals("Py_mod_exec", slots.entries().get(0).get("slot", 0).text());
        InitTable def = m.tables("PyModuleDef").get(0);
        assertEquals("foo_slots", def.entries().get(0).get("m_slots", 5).identifier());
    }

    @Test
    void allowThreadsMacrosDoNotTurnAssignmentsIntoDeclarations() {
        SourceFile f = SourceFile.ofText("t.c", SRC);
        FileModel m = ModelBuilder.build(new CParser(ParseOptions.hermetic()).parse(f));
        // The design's pitfall: without the macro, `x = compute();` would declare a new local x.
        assertTrue(m.variables().stream().noneMatch(v -> v.name().equals("x")));
        String body = Ast.text(f, m.function("foo_call").orElseThrow().node().getBody());
        assertTrue(body.contains("x = compute();"));
    }

    @Test
    void offsetsAndLinesMatchTheText() {
        SourceFile f = SourceFile.ofText("t.c", "a\r\nbé\nc");
        assertEquals(3, f.lineCount());
        assertEquals(2, f.line(3));
        assertEquals(2, f.column(4));
        assertEquals("bé", f.lineText(2));
    }

    @Test
    void latin1FilesFallBackAndKeepTheirBytes() {
        byte[] bytes = {'/', '*', ' ', (byte) 0xE9, ' ', '*', '/', '\n'};
        SourceFile f = SourceFile.of(java.nio.file.Path.of("l.c"), "l.c", bytes);
        assertEquals(java.nio.charset.StandardCharsets.ISO_8859_1, f.charset());
        assertArrayEquals(bytes, f.encode(f.text()));
    }
}
