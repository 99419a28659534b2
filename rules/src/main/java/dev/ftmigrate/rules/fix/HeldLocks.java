package dev.ftmigrate.rules.fix;

import dev.ftmigrate.analyzer.Ast;
import dev.ftmigrate.analyzer.Locks;
import dev.ftmigrate.analyzer.TextRange;
import org.eclipse.cdt.core.dom.ast.ASTVisitor;
import org.eclipse.cdt.core.dom.ast.IASTExpression;
import org.eclipse.cdt.core.dom.ast.IASTFileLocation;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;
import org.eclipse.cdt.core.dom.ast.IASTFunctionDefinition;
import org.eclipse.cdt.core.dom.ast.IASTPreprocessorMacroExpansion;
import org.eclipse.cdt.core.dom.ast.IASTTranslationUnit;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;

/**
 * Whether code already holds a lock at a point of a function, counted as written: a macro by its own name,
 * whatever it expands to (our FTM_LOCK expands to nothing where the GIL is on), a call outside any macro by
 * its callee. The file's lock macros are indexed once, and each function's lock calls once: a question is
 * two binary searches (walking the function for each of a group's thousands of lock sites in one function
 * made the fix stage grow with their square).
 */
final class HeldLocks {
    /** Lock macros as written: ours (FTM_LOCK expands to nothing where the GIL is on) and CPython's critical sections. */
    private static final Set<String> LOCK_MACROS = Set.of("FTM_LOCK", "Py_BEGIN_CRITICAL_SECTION", "Py_BEGIN_CRITICAL_SECTION2");
    private static final Set<String> UNLOCK_MACROS = Set.of("FTM_UNLOCK", "Py_END_CRITICAL_SECTION", "Py_END_CRITICAL_SECTION2");

    private final Events macros;
    private final Map<IASTFunctionDefinition, Events> calls = new IdentityHashMap<>();

    HeldLocks(IASTTranslationUnit tu) {
        macros = Events.of(Arrays.stream(tu.getMacroExpansions())
                .filter(m -> m.isPartOfTranslationUnitFile() && m.getFileLocation() != null)
                .mapToLong(m -> Events.event(m.getFileLocation().getNodeOffset(), delta(m.getMacroReference().toString()))));
    }

    /** More acquisitions than releases in the function before {@code at}: a lock is held there. */
    boolean before(IASTFunctionDefinition fn, int at) {
        int from = Ast.range(fn).start();
        return macros.sum(from, at) + calls.computeIfAbsent(fn, HeldLocks::lockCalls).sum(from, at) > 0;
    }

    /** The function's lock and unlock calls outside any macro, by where they start. */
    private static Events lockCalls(IASTFunctionDefinition fn) {
        LongStream.Builder out = LongStream.builder();
        fn.accept(new ASTVisitor() {
            { shouldVisitExpressions = true; }

            @Override
            public int visit(IASTExpression e) {
                if (e instanceof IASTFunctionCallExpression c && c.getNodeLocations().length > 0 && c.getNodeLocations()[0] instanceof IASTFileLocation) {
                    TextRange r = Ast.range(c);
                    if (r != null) out.add(Events.event(r.start(), delta(Ast.calleeName(c))));
                }
                return PROCESS_CONTINUE;
            }
        });
        return Events.of(out.build());
    }

    /** Offsets (ascending) of +1 / -1 events, with the running sum of the deltas up to each. */
    private record Events(int[] offsets, int[] sums) {
        /** An event packed for sorting by offset (0 for no event: filtered out). */
        static long event(int offset, int delta) {
            return delta == 0 ? -1 : ((long) offset << 1) | (delta > 0 ? 1 : 0);
        }

        static Events of(LongStream events) {
            long[] e = events.filter(x -> x >= 0).sorted().toArray();
            int[] offsets = new int[e.length], sums = new int[e.length + 1];
            for (int i = 0; i < e.length; i++) {
                offsets[i] = (int) (e[i] >> 1);
                sums[i + 1] = sums[i] + ((e[i] & 1) == 1 ? 1 : -1);
            }
            return new Events(offsets, sums);
        }

        /** The sum of the deltas at offsets in [from, at). */
        int sum(int from, int at) {
            return at <= from ? 0 : sums[firstAtOrAfter(at)] - sums[firstAtOrAfter(from)];
        }

        private int firstAtOrAfter(int offset) {
            int lo = 0, hi = offsets.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (offsets[mid] < offset) lo = mid + 1; else hi = mid;
            }
            return lo;
        }
    }

    /** The analyzer's lock vocabulary (calls, and project macros such as ACQUIRE_LOCK), plus the macros above. */
    private static int delta(String name) {
        if (name == null) return 0;
        if (LOCK_MACROS.contains(name) || Locks.isLock(name)) return 1;
        return UNLOCK_MACROS.contains(name) || Locks.isUnlock(name) ? -1 : 0;
    }
}
