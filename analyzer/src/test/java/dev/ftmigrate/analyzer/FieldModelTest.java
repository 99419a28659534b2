package dev.ftmigrate.analyzer;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/** The per-type field model: summaries through helpers, casts, clinic-style wrappers, module state, locks. */
class FieldModelTest {
    static final String SRC = """
            #include <Python.h>
            typedef struct { PyObject_HEAD double *data; Py_ssize_t n; PyObject *target; } BufObject;
            typedef struct { PyObject *cache; long timeout; } mod_state;

            static int grow(BufObject *b, Py_ssize_t extra) {
                double *p = PyMem_Realloc(b->data, (b->n + extra) * sizeof(double));
                if (p == NULL) return -1;
                b->data = p;
                return 0;
            }
            static void store(BufObject *b, double v) { b->data[b->n] = v; b->n++; }
            static void fill(double **out) { *out = NULL; }

            static PyObject *Buf_append(BufObject *self, PyObject *arg) {
                if (grow(self, 1) < 0) return NULL;
                store(self, PyFloat_AsDouble(arg));
                Py_RETURN_NONE;
            }
            static PyObject *Buf_sum(PyObject *op, PyObject *unused) {
                BufObject *self = (BufObject *)op;
                double t = 0;
                for (Py_ssize_t i = 0; i < self->n; i++) t += self->data[i];
                return PyFloat_FromDouble(t);
            }
            static PyObject *Buf_locked_sum(BufObject *self, PyObject *unused) {
                double t = 0;
                Py_BEGIN_CRITICAL_SECTION(self);
                for (Py_ssize_t i = 0; i < self->n; i++) t += self->data[i];
                Py_END_CRITICAL_SECTION();
                return PyFloat_FromDouble(t);
            }
            static int Buf_set_target(BufObject *self, PyObject *v, void *c) { Py_XSETREF(self->target, Py_NewRef(v)); return 0; }
            static PyObject *set_timeout(PyObject *m, PyObject *arg) {
                mod_state *st = (mod_state *)PyModule_GetState(m);
                st->timeout = PyLong_AsLong(arg);
                Py_RETURN_NONE;
            }
            static PyMethodDef Buf_methods[] = {
                {"append", (PyCFunction)Buf_append, METH_O, NULL},
                {"sum", (PyCFunction)Buf_sum, METH_NOARGS, NULL},
                {"locked_sum", (PyCFunction)Buf_locked_sum, METH_NOARGS, NULL},
                {NULL}
            };
            static PyGetSetDef Buf_getset[] = {{"target", NULL, (setter)Buf_set_target, NULL, NULL}, {NULL}};
            static PyMethodDef mod_methods[] = {{"set_timeout", set_timeout, METH_O, NULL}, {NULL}};
            static struct PyModuleDef mod = { PyModuleDef_HEAD_INIT, .m_name = "buf", .m_size = sizeof(mod_state), .m_methods = mod_methods };
            """;

    private FileModel file;

    private ExtensionModel model() {
        ParsedFile p = new CParser(ParseOptions.hermetic()).parse(SourceFile.ofText("buf.c", SRC));
        file = ModelBuilder.build(p);
        return ExtensionModel.build(List.of(file));
    }

    private CFunction fn(ExtensionModel m, String name) { return file.function(name).orElseThrow(); }

    private static String effects(List<FieldSite> sites) {
        return sites.stream().map(s -> s.param() + ":" + s.field() + ":" + s.effect() + (s.via().isEmpty() ? "" : "<" + String.join(",", s.via())))
                .sorted().collect(Collectors.joining(" "));
    }

    @Test
    void classifiesStructTypes() {
        StructTypes t = model().fields().types();
        assertTrue(t.isObject("BufObject"));
        assertTrue(t.isModuleState("mod_state"));
        assertFalse(t.isModuleState("BufObject"));
        assertTrue(t.pointer("BufObject", "data"));
        assertFalse(t.pointer("BufObject", "n"));
        assertEquals("BufObject", t.structOf("const BufObject *"));
        assertNull(t.structOf("BufObject **"));
        assertNull(t.structOf("PyObject *"));
    }

    @Test
    void helperSummariesDescribeParameterEffects() {
        ExtensionModel m = model();
        FieldModel s = m.fields();
        assertEquals("0:data:REPLACE 0:data:RESIZE 0:n:READ", effects(s.sitesOf(fn(m, "grow"))));
        assertEquals("0:data:WRITE 0:n:READ 0:n:RMW", effects(s.sitesOf(fn(m, "store"))));
        assertEquals("", effects(s.sitesOf(fn(m, "fill"))), "a plain out-pointer is no struct field");
    }

    @Test
    void callersInheritHelperEffectsWithThePath() {
        ExtensionModel m = model();
        List<FieldSite> append = m.fields().sitesOf(fn(m, "Buf_append"));
        FieldSite resize = append.stream().filter(x -> x.effect() == FieldEffect.RESIZE).findFirst().orElseThrow();
        assertEquals(List.of("grow"), resize.via());
        assertEquals("Buf_append() via grow()", resize.how());
        assertTrue(resize.pointer());
    }

    @Test
    void castsAndLocalAliasesOfSelfCountAsSelf() {
        ExtensionModel m = model();
        assertEquals("0:data:READ 0:n:READ", effects(m.fields().sitesOf(fn(m, "Buf_sum"))));
    }

    @Test
    void criticalSectionsHideTheirAccesses() {
        ExtensionModel m = model();
        assertEquals("", effects(m.fields().sitesOf(fn(m, "Buf_locked_sum"))));
    }

    @Test
    void moduleStateIsSharedNotPerParameter() {
        ExtensionModel m = model();
        assertEquals("-1:timeout:WRITE", effects(m.fields().sitesOf(fn(m, "set_timeout"))));
    }

    @Test
    void theModuleStateTypeIsReadFromTheCastOfItsGetter() {
        String code = "st = (mod_state *)PyModule_GetState(m);\n"
                + "s2 = ( struct other_state\n * ) _PyType_GetModuleState(t);\n"
                + "s3 = (const thing *)PyModule_GetState(m);\n"     // a qualifier: not read as a cast to a struct
                + "s4 = (mystruct x *)PyModule_GetState(m);\n"
                + "s5 = (third *)PyModule_GetStateX(m);\n"          // another function
                + "s6 = (fourth *) x_PyModule_GetState(m);\n"
                + "s7 = (mod_state*)PyType_GetModuleState(t);\n";
        assertEquals(List.of("mod_state", "other_state", "mod_state"), StructTypes.stateCasts(code));
    }

    @Test
    void writerIndexListsEntryBodiesByField() {
        ExtensionModel m = model();
        FieldModel f = m.fields();
        assertEquals(List.of("Buf_append"), f.writersOf("BufObject.data").stream().map(b -> b.function().name()).toList());
        assertEquals(List.of("Buf_set_target"), f.writersOf("BufObject.target").stream().map(b -> b.function().name()).toList());
        assertEquals(FieldEffect.REPLACE, FieldModel.strongestWrite(f.writersOf("BufObject.target").get(0), "BufObject.target", false).effect());
        assertEquals(List.of("set_timeout"), f.writersOf("mod_state.timeout").stream().map(b -> b.function().name()).toList());
        assertTrue(f.writersOf("BufObject.n").stream().noneMatch(b -> b.function().name().equals("Buf_sum")));
    }

    static final String LEAVES = """
            #include <Python.h>
            #define F_SEEN 1
            typedef struct { long lo; long hi; unsigned flags; } Cfg;
            typedef struct { PyObject_HEAD Cfg cfg; Py_ssize_t pos; char *buf; int mode; } CtxObject;
            static void note(Cfg *c) { c->flags |= F_SEEN; }
            static PyObject *get_lo(CtxObject *self, void *x) { return PyLong_FromLong(self->cfg.lo); }
            static int set_hi(CtxObject *self, PyObject *v, void *x) { self->cfg.hi = PyLong_AsLong(v); return 0; }
            static PyObject *touch(CtxObject *self, PyObject *a) { note(&self->cfg); self->pos = 0; self->mode = F_SEEN; Py_RETURN_NONE; }
            static PyObject *reset(CtxObject *self, PyObject *a) { memset(&self->cfg, 0, sizeof(Cfg)); Py_RETURN_NONE; }
            static PyObject *seen(CtxObject *self, PyObject *a) { return PyBool_FromLong((self->cfg.flags & F_SEEN) && self->mode); }
            static PyObject *at(CtxObject *self, PyObject *a) { return PyLong_FromLong(self->buf[self->pos]); }
            static PyMethodDef methods[] = {{"touch", (PyCFunction)touch, METH_O, NULL}, {"reset", (PyCFunction)reset, METH_O, NULL},
                {"seen", (PyCFunction)seen, METH_O, NULL}, {"at", (PyCFunction)at, METH_O, NULL}, {NULL}};
            static PyGetSetDef getset[] = {{"lo", (getter)get_lo, NULL, NULL, NULL}, {"hi", NULL, (setter)set_hi, NULL, NULL}, {NULL}};
            """;

    @Test
    void fieldsAreFollowedToTheLeafMemberAndOnlyRelatedLeavesConflict() {
        file = ModelBuilder.build(new CParser(ParseOptions.hermetic()).parse(SourceFile.ofText("ctx.c", LEAVES)));
        ExtensionModel m = ExtensionModel.build(List.of(file));
        FieldModel f = m.fields();
        assertEquals("0:cfg.lo:READ", effects(f.sitesOf(fn(m, "get_lo"))));
        assertEquals("0:cfg.flags:FLAG<note 0:mode:FLAG 0:pos:FLAG", effects(f.sitesOf(fn(m, "touch"))), "helper leaves map under &self->cfg");
        assertEquals("0:cfg:WRITE", effects(f.sitesOf(fn(m, "reset"))));
        // A sibling leaf is other memory; the whole struct holds every leaf.
        assertEquals(List.of("reset"), f.writersOf("CtxObject.cfg.lo").stream().map(b -> b.function().name()).toList());
        assertEquals(List.of("set_hi", "reset"), f.writersOf("CtxObject.cfg.hi").stream().map(b -> b.function().name()).sorted(
                java.util.Comparator.reverseOrder()).toList());
        assertTrue(FieldModel.related("T.cfg", "T.cfg.lo") && !FieldModel.related("T.cfg.lo", "T.cfg.hi") && !FieldModel.related("T.cf", "T.cfg"));
        // `flags` is written whole by reset(): not only flag stores. `pos` is a constant store but indexes `buf`.
        assertFalse(f.flagOnly("CtxObject.cfg.flags"));
        assertFalse(f.flagOnly("CtxObject.pos"));
        assertTrue(f.flagOnly("CtxObject.mode"), "only ever set to a constant, only tested");
    }
}
