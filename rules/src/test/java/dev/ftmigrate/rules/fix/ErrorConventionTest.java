package dev.ftmigrate.rules.fix;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** How a function reports errors, read from its own code: the convention a new error exit follows. */
class ErrorConventionTest {
    private static final String COMMON_EXIT = """
            static PyObject *table;
            static PyObject *
            collect(PyObject *self, PyObject *key)
            {
                PyObject *res = NULL;
                PyObject *first = PyDict_GetItemWithError(table, key);
                if (first == NULL) {
                    goto done;
                }
                res = PyList_New(0);
                PyObject *second = PyDict_GetItemWithError(table, first);
                if (second == NULL) {
                    goto done;
                }
                PyList_Append(res, second);
            done:
                return res;
            }
            """;

    private static int offsetOf(String code, String text) {
        return "#include <Python.h>\n".length() + code.indexOf(text);
    }

    @Test
    void aCommonExitReturningItsResultVariableIsUsedWhileThatVariableIsStillUnset() {
        ErrorConvention c = BorrowedParts.locals(COMMON_EXIT, "collect").errors;
        assertEquals(new ErrorConvention.ErrorExit("done", "NULL", "res"), c.errorExit);
        assertEquals("goto done;", c.at(offsetOf(COMMON_EXIT, "PyObject *first")).statement());
        assertEquals("return NULL;", c.at(offsetOf(COMMON_EXIT, "PyObject *second")).statement(),
                "after `res` holds a list, jumping to the exit would return it as if no error happened");
    }

    @Test
    void anIntFunctionWithoutMinusOneHasNoConvention() {
        ErrorConvention c = BorrowedParts.locals("""
                static PyObject *table;
                static int
                has(PyObject *self, PyObject *key)
                {
                    PyObject *v = PyDict_GetItemWithError(table, key);
                    return v != NULL;
                }
                """, "has").errors;
        assertNull(c.errorExit);
    }

    @Test
    void theConventionalLabelWinsOverAPlainReturn() {
        ErrorConvention c = BorrowedParts.locals("""
                static PyObject *table;
                static int
                store(PyObject *self, PyObject *key)
                {
                    PyObject *v = PyDict_GetItemWithError(table, key);
                    if (v == NULL) {
                        return -1;
                    }
                    if (PyObject_SetItem(self, key, v) < 0) {
                        goto fail;
                    }
                    return 0;
                fail:
                    return -1;
                }
                """, "store").errors;
        assertEquals("goto fail;", c.errorExit.statement());
    }
}
