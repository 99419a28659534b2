package dev.ftmigrate.rules.fix;

import dev.ftmigrate.rules.fix.OwnershipEnv.State;
import org.eclipse.cdt.core.dom.ast.IASTGotoStatement;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** The analysis part of the borrowed-reference rewriter: ownership facts, no text. */
class OwnershipFlowTest {
    private static final String CLEANUP = """
            static PyObject *table;
            static PyObject *
            lookup_twice(PyObject *self, PyObject *key)
            {
                PyObject *hit, *out = NULL;
                out = PyList_New(0);
                if (out == NULL) {
                    goto error;
                }
                hit = PyDict_GetItemWithError(table, key);
                if (hit == NULL) {
                    goto error;
                }
                if (PyList_Append(out, hit) < 0) {
                    goto error;
                }
                return out;
            error:
                Py_XDECREF(out);
                return NULL;
            }
            """;

    private static <T> List<T> of(OwnershipFacts f, Class<T> kind) {
        return f.facts().stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    @Test
    void theCleanupLabelReleasesAFunctionLevelVariableForEveryGotoThatReachesIt() {
        OwnershipFacts f = BorrowedParts.facts(CLEANUP, "lookup_twice");
        assertEquals(Set.of("hit"), f.vars());
        OwnershipFacts.Assignment a = of(f, OwnershipFacts.Assignment.class).get(0);
        assertEquals("error", a.exit().label(), "the function's own goto error is the convention");
        assertEquals(Set.of("hit"), a.releasedByLabel());
        List<OwnershipFacts.Leave> leaves = of(f, OwnershipFacts.Leave.class);
        assertTrue(leaves.stream().noneMatch(l -> l.at() instanceof IASTGotoStatement), "no release at a goto: " + leaves);
        assertEquals(1, leaves.size(), leaves.toString());
        assertEquals(Set.of(State.OWNED, State.NULL, State.UNINIT), leaves.get(0).held(),
                "the label is reached before the call (unset), on its error (NULL) and after it (held)");
        assertTrue(of(f, OwnershipFacts.Problem.class).isEmpty(), f.facts().toString());
    }

    @Test
    void aReturnSeesTheReferenceHeld() {
        OwnershipFacts f = BorrowedParts.facts(CLEANUP, "lookup_twice");
        OwnershipFacts.Return r = of(f, OwnershipFacts.Return.class).stream()
                .filter(x -> x.stmt().getReturnValue() != null && "out".equals(x.stmt().getReturnValue().getRawSignature())).findFirst().orElseThrow();
        assertEquals(Set.of(State.OWNED), r.held().get("hit"));
    }

    @Test
    void aMentionAfterThePairedReleaseIsAUseAfterRelease() {
        OwnershipFacts f = BorrowedParts.facts("""
                static PyObject *table;
                static PyObject *
                peek(PyObject *self, PyObject *key)
                {
                    PyObject *v = PyDict_GetItem(table, key);
                    if (v == NULL) {
                        return NULL;
                    }
                    Py_INCREF(v);
                    PyObject *s = PyObject_Str(v);
                    Py_DECREF(v);
                    Py_XDECREF(s);
                    Py_hash_t h = PyObject_Hash(v);
                    return PyLong_FromSsize_t(h);
                }
                """, "peek");
        assertTrue(f.facts().contains(new OwnershipFacts.Problem("v", "`v` is used after its reference is released")), f.facts().toString());
        assertEquals(1, of(f, OwnershipFacts.FoldedIncref.class).size(), "the INCREF folds into the new reference");
    }

    @Test
    void factsFoundWhileALoopSettlesAreQuiet() {
        OwnershipFacts f = BorrowedParts.facts("""
                static PyObject *table;
                static int
                count(PyObject *self, PyObject *keys)
                {
                    Py_ssize_t i, n = PyList_GET_SIZE(keys);
                    int found = 0;
                    for (i = 0; i < n; i++) {
                        PyObject *v = PyDict_GetItemWithError(table, PyList_GET_ITEM(keys, i));
                        if (v == NULL) {
                            if (PyErr_Occurred()) return -1;
                            continue;
                        }
                        found++;
                    }
                    return found;
                }
                """, "count");
        List<OwnershipFacts.BlockEnd> ends = of(f, OwnershipFacts.BlockEnd.class);
        assertFalse(ends.isEmpty());
        assertTrue(ends.stream().anyMatch(OwnershipFacts.BlockEnd::quiet), "the fixed-point passes place nothing");
        assertEquals(1, ends.stream().filter(e -> !e.quiet()).count(), "the last pass releases at the end of the iteration once");
    }
}
