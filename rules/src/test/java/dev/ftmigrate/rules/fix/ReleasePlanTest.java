package dev.ftmigrate.rules.fix;

import dev.ftmigrate.rules.fix.OwnershipEnv.State;
import org.eclipse.cdt.core.dom.ast.IASTReturnStatement;
import org.eclipse.cdt.core.dom.ast.IASTStatement;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/** The plan part of the borrowed-reference rewriter: from ownership facts to releases or a decline with its reason. */
class ReleasePlanTest {
    private static final String FETCH = """
            static PyObject *table;
            static PyObject *
            fetch(PyObject *self, PyObject *key)
            {
                PyObject *v;
                v = PyDict_GetItemWithError(table, key);
                if (v == NULL) {
                    return NULL;
                }
                return PyObject_Repr(v);
            }
            """;

    /** The plan for one hand-made fact about {@code v} in {@link #FETCH}, placed at its last return. */
    private static ReleasePlan planFor(Set<State> held, boolean quiet) {
        BorrowedLocals fn = BorrowedParts.locals(FETCH, "fetch");
        IASTStatement[] body = fn.body.getStatements();
        IASTStatement last = body[body.length - 1];
        return ReleasePlan.of(new OwnershipFacts(fn, Set.of("v"), List.of(new OwnershipFacts.Leave(last, "v", held, quiet)), List.of()));
    }

    @Test
    void aHeldReferenceIsReleasedAndOneThatMayBeNullWithTheXVariant() {
        ReleasePlan held = planFor(Set.of(State.OWNED), false);
        assertEquals(1, held.steps().size());
        ReleasePlan.ReleaseBefore release = (ReleasePlan.ReleaseBefore) held.steps().get(0);
        assertEquals("Py_DECREF(v);", release.line());
        assertInstanceOf(IASTReturnStatement.class, release.stmt());
        ReleasePlan maybe = planFor(Set.of(State.OWNED, State.NULL), false);
        assertEquals("Py_XDECREF(v);", ((ReleasePlan.ReleaseBefore) maybe.steps().get(0)).line());
    }

    @Test
    void aReleaseOnAPathWhereTheVariableMayBeUnsetInitialisesItToNull() {
        ReleasePlan p = planFor(Set.of(State.OWNED, State.UNINIT), false);
        assertTrue(p.declines().isEmpty(), p.declines().toString());
        assertEquals(2, p.steps().size());
        assertInstanceOf(ReleasePlan.InitNull.class, p.steps().get(1));
    }

    @Test
    void aPathWhereTheReferenceMayAlreadyBeReleasedIsDeclined() {
        ReleasePlan p = planFor(Set.of(State.OWNED, State.OTHER), false);
        assertEquals(Map.of("v", "`v` may already be released on some path"), p.declines());
        assertTrue(p.steps().isEmpty(), "a declined plan writes nothing");
    }

    @Test
    void aQuietFactPlacesNothing() {
        ReleasePlan p = planFor(Set.of(State.OWNED), true);
        assertTrue(p.declines().isEmpty());
        assertTrue(p.steps().isEmpty());
    }

    @Test
    void theFirstReasonForAVariableIsTheOneKept() {
        BorrowedLocals fn = BorrowedParts.locals(FETCH, "fetch");
        ReleasePlan p = ReleasePlan.of(new OwnershipFacts(fn, Set.of("v"), List.of(
                new OwnershipFacts.Problem("v", "first"), new OwnershipFacts.Problem("v", "second")), List.of()));
        assertEquals(Map.of("v", "first"), p.declines());
    }

    @Test
    void theWholeFunctionPlansOneReleaseBeforeEachReturnThatHoldsIt() {
        ReleasePlan p = ReleasePlan.of(BorrowedParts.facts(FETCH, "fetch"));
        assertTrue(p.declines().isEmpty(), p.declines().toString());
        ReleasePlan.NewCall call = (ReleasePlan.NewCall) p.steps().get(0);
        assertEquals(List.of("return NULL;"), call.errorExit(), "the old NULL test stays; the new call reports errors by the function's convention");
        ReleasePlan.ReturnAfterReleases ret = (ReleasePlan.ReturnAfterReleases) p.steps().get(1);
        assertEquals(List.of("Py_DECREF(v);"), ret.releases(), "the value is computed from v before v is released");
    }

    @Test
    void noErrorConventionIsDeclinedWithTheFunctionsName() {
        ReleasePlan p = ReleasePlan.of(BorrowedParts.facts("""
                static PyObject *limits;
                static unsigned
                limit_of(PyObject *self, PyObject *name)
                {
                    PyObject *lim = PyDict_GetItemWithError(limits, name);
                    return lim == NULL ? 0u : (unsigned)PyLong_AsUnsignedLong(lim);
                }
                """, "limit_of"));
        assertEquals(Map.of("lim", "limit_of() has no error convention to follow (return NULL, return -1 or goto error)"), p.declines());
    }

    @Test
    void aNewReturnThatWouldLeakAnotherHeldLocalIsDeclinedNamingIt() {
        ReleasePlan p = ReleasePlan.of(BorrowedParts.facts("""
                static PyObject *table;
                static PyObject *
                scaled(PyObject *self, PyObject *x)
                {
                    PyObject *total = PyNumber_Multiply(x, x);
                    if (total == NULL) {
                        return NULL;
                    }
                    PyObject *factor = PyDict_GetItemString(table, "factor");
                    if (factor != NULL) {
                        Py_SETREF(total, PyNumber_Multiply(total, factor));
                    }
                    return total;
                }
                """, "scaled"));
        assertEquals(Map.of("factor", "a new error exit here would leak `total`, which already holds a reference"), p.declines());
    }

    @Test
    void aGotoToTheCleanupLabelCarriesNoReleaseOfItsOwn() {
        ReleasePlan p = ReleasePlan.of(BorrowedParts.facts("""
                static PyObject *table;
                static PyObject *
                pair(PyObject *self, PyObject *key)
                {
                    PyObject *v, *res = NULL;
                    v = PyDict_GetItemWithError(table, key);
                    if (v == NULL) {
                        goto error;
                    }
                    res = PyTuple_Pack(2, key, v);
                error:
                    return res;
                }
                """, "pair"));
        assertTrue(p.declines().isEmpty(), p.declines().toString());
        assertEquals(List.of("goto error;"), ((ReleasePlan.NewCall) p.steps().get(0)).errorExit());
        List<ReleasePlan.ReleaseBefore> releases = p.steps().stream().filter(ReleasePlan.ReleaseBefore.class::isInstance)
                .map(ReleasePlan.ReleaseBefore.class::cast).toList();
        assertEquals(1, releases.size(), "one release, at the common exit: " + p.steps());
        assertInstanceOf(IASTReturnStatement.class, releases.get(0).stmt());
        assertEquals("Py_XDECREF(v);", releases.get(0).line());
    }

    @Test
    void anErrorExitToTheCleanupLabelLeavesTheOtherHeldReferencesToTheLabel() {
        ReleasePlan p = ReleasePlan.of(BorrowedParts.facts("""
                static PyObject *table;
                static PyObject *
                chain(PyObject *self, PyObject *key)
                {
                    PyObject *a, *b, *res = NULL;
                    a = PyDict_GetItemWithError(table, key);
                    if (a == NULL) {
                        goto error;
                    }
                    b = PyDict_GetItemWithError(table, a);
                    if (b == NULL) {
                        goto error;
                    }
                    res = PyTuple_Pack(2, a, b);
                error:
                    return res;
                }
                """, "chain"));
        assertTrue(p.declines().isEmpty(), p.declines().toString());
        List<ReleasePlan.NewCall> calls = p.steps().stream().filter(ReleasePlan.NewCall.class::isInstance).map(ReleasePlan.NewCall.class::cast).toList();
        assertEquals(List.of("goto error;"), calls.get(1).errorExit(), "`a` is released once, by the label");
    }
}
