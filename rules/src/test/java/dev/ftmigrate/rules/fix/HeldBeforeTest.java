package dev.ftmigrate.rules.fix;

import dev.ftmigrate.analyzer.CFunction;
import dev.ftmigrate.analyzer.CParser;
import dev.ftmigrate.analyzer.FileModel;
import dev.ftmigrate.analyzer.ModelBuilder;
import dev.ftmigrate.analyzer.ParseOptions;
import dev.ftmigrate.analyzer.SourceFile;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Whether code already holds a lock where a new one would be taken, read from the tree as written. */
class HeldBeforeTest {
    private static final CParser PARSER = new CParser(ParseOptions.hermetic());

    private static boolean heldAt(String code, String marker) {
        String text = "#include <Python.h>\n" + code;
        FileModel model = ModelBuilder.build(PARSER.parse(SourceFile.ofText("held.c", text)));
        CFunction fn = model.functions().get(0);
        return new HeldLocks(fn.node().getTranslationUnit()).before(fn.node(), text.indexOf(marker));
    }

    @Test
    void ourOwnLockMacroCountsEvenWhereItExpandsToNothing() {
        String code = """
                #define FTM_LOCK(m) ((void)0)
                #define FTM_UNLOCK(m) ((void)0)
                static int counter, lock;
                static void bump(void)
                {
                    FTM_LOCK(lock);
                    counter++;
                    FTM_UNLOCK(lock);
                    counter--;
                }
                """;
        assertTrue(heldAt(code, "counter++"));
        assertFalse(heldAt(code, "counter--"), "released again");
    }

    @Test
    void aCriticalSectionAndAPlainMutexCallCount() {
        assertTrue(heldAt("""
                static PyObject *cache;
                static void put(PyObject *self, PyObject *v)
                {
                    Py_BEGIN_CRITICAL_SECTION(self);
                    Py_XSETREF(cache, Py_NewRef(v));
                    Py_END_CRITICAL_SECTION();
                }
                """, "Py_XSETREF"));
        assertTrue(heldAt("""
                static PyMutex m;
                static int n;
                static void inc(void)
                {
                    PyMutex_Lock(&m);
                    n++;
                    PyMutex_Unlock(&m);
                }
                """, "n++"));
    }

    @Test
    void aLockCallInACommentOrADisabledBranchDoesNotCount() {
        assertFalse(heldAt("""
                static PyMutex m;
                static int n;
                static void inc(void)
                {
                    /* PyMutex_Lock(&m); is taken by the caller */
                #if 0
                    PyMutex_Lock(&m);
                #endif
                    n++;
                }
                """, "n++"));
    }
}
