package dev.ftmigrate.analyzer;

import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The sharing classification of the first argument of each PyDict_GetItem call, by where the dict comes from. */
class SharingTest {
    static final String SRC = """
            #include <Python.h>
            typedef struct { PyObject_HEAD PyObject *attrs; } NodeObject;
            static PyObject *registry;

            static PyObject *opt(PyObject *kw, const char *key) { return PyDict_GetItemString(kw, key); }
            static PyObject *opt2(PyObject *kw) { return opt(kw, "b"); }
            static PyObject *look(PyObject *d) { return PyDict_GetItemString(d, "x"); }

            static PyObject *f_kw(PyObject *self, PyObject *args, PyObject *kwargs) {
                PyObject *a = opt(kwargs, "a");
                PyObject *b = opt2(kwargs);
                return Py_BuildValue("OO", a, b);
            }
            static PyObject *f_o(PyObject *self, PyObject *arg) {
                PyObject *fresh = PyDict_New();
                PyObject *x = PyDict_GetItemString(fresh, "x");
                PyDict_SetItemString(registry, "last", fresh);
                PyObject *y = PyDict_GetItemString(fresh, "y");
                PyObject *z = PyDict_GetItemString(((NodeObject *)self)->attrs, "z");
                return look(arg);
            }
            static PyMethodDef methods[] = {
                {"kw", (PyCFunction)f_kw, METH_VARARGS | METH_KEYWORDS, NULL},
                {"o", f_o, METH_O, NULL},
                {NULL}
            };
            """;

    private static List<Sharing.Verdict> verdicts(String function) {
        ParsedFile p = new CParser(ParseOptions.hermetic()).parse(SourceFile.ofText("s.c", SRC));
        FileModel m = ModelBuilder.build(p);
        ExtensionModel ext = ExtensionModel.build(List.of(m));
        Sharing sharing = new Sharing(m, ext::scope, true);
        CFunction f = m.function(function).orElseThrow();
        return ext.scope(f).calls().stream().filter(c -> "PyDict_GetItemString".equals(Ast.calleeName(c)))
                .map((IASTFunctionCallExpression c) -> sharing.classify(c.getArguments()[0], f, Ast.range(c).start())).toList();
    }

    @Test
    void kwargsHandedToHelpersStayPrivateAtEveryDepth() {
        Sharing.Verdict v = verdicts("opt").get(0);
        assertEquals(Sharing.Kind.PRIVATE, v.kind(), v.reason());
        assertTrue(v.reason().contains("keyword-arguments dict its callers pass down"), v.reason());
    }

    @Test
    void anArgumentHandedToAHelperIsShared() {
        assertEquals(Sharing.Kind.SHARED, verdicts("look").get(0).kind());
    }

    @Test
    void aFreshDictIsPrivateUntilPublishedAndFieldsAreShared() {
        List<Sharing.Verdict> v = verdicts("f_o");
        assertEquals(List.of(Sharing.Kind.PRIVATE, Sharing.Kind.SHARED, Sharing.Kind.SHARED), v.stream().map(Sharing.Verdict::kind).toList());
        assertTrue(v.get(2).reason().contains("field"), v.get(2).reason());
    }
}
