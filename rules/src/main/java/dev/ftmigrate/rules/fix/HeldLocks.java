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
import java.util.Set;

/**
 * Whether code already holds a lock at a point of a function, counted as written: a macro by its own name,
 * whatever it expands to (our FTM_LOCK expands to nothing where the GIL is on), a call outside any macro by
 * its callee. The file's lock macros are indexed once, so each question costs the function, not the file.
 */
final class HeldLocks {
    /** Lock macros as written: ours (FTM_LOCK expands to nothing where the GIL is on) and CPython's critical sections. */
    private static final Set<String> LOCK_MACROS = Set.of("FTM_LOCK", "Py_BEGIN_CRITICAL_SECTION", "Py_BEGIN_CRITICAL_SECTION2");
    private static final Set<String> UNLOCK_MACROS = Set.of("FTM_UNLOCK", "Py_END_CRITICAL_SECTION", "Py_END_CRITICAL_SECTION2");

    /** Offsets (ascending) of the file's lock and unlock macros, and +1 / -1 for each. */
    private final int[] offsets;
    private final int[] deltas;

    HeldLocks(IASTTranslationUnit tu) {
        long[] events = Arrays.stream(tu.getMacroExpansions())
                .filter(m -> m.isPartOfTranslationUnitFile() && m.getFileLocation() != null)
                .filter(m -> delta(m.getMacroReference().toString()) != 0)
                .mapToLong(m -> ((long) m.getFileLocation().getNodeOffset() << 1) | (delta(m.getMacroReference().toString()) > 0 ? 1 : 0))
                .sorted().toArray();
        offsets = new int[events.length];
        deltas = new int[events.length];
        for (int i = 0; i < events.length; i++) {
            offsets[i] = (int) (events[i] >> 1);
            deltas[i] = (events[i] & 1) == 1 ? 1 : -1;
        }
    }

    /** More acquisitions than releases in the function before {@code at}: a lock is held there. */
    boolean before(IASTFunctionDefinition fn, int at) {
        int from = Ast.range(fn).start();
        int held = 0;
        for (int i = firstAtOrAfter(from); i < offsets.length && offsets[i] < at; i++) held += deltas[i];
        int[] calls = {0};
        fn.accept(new ASTVisitor() {
            { shouldVisitExpressions = true; }

            @Override
            public int visit(IASTExpression e) {
                if (e instanceof IASTFunctionCallExpression c && c.getNodeLocations().length > 0 && c.getNodeLocations()[0] instanceof IASTFileLocation) {
                    TextRange r = Ast.range(c);
                    if (r != null && r.start() >= from && r.start() < at) calls[0] += delta(Ast.calleeName(c));
                }
                return PROCESS_CONTINUE;
            }
        });
        return held + calls[0] > 0;
    }

    private int firstAtOrAfter(int offset) {
        int i = Arrays.binarySearch(offsets, offset);
        if (i < 0) return -i - 1;
        while (i > 0 && offsets[i - 1] == offset) i--;
        return i;
    }

    /** The analyzer's lock vocabulary (calls, and project macros such as ACQUIRE_LOCK), plus the macros above. */
    private static int delta(String name) {
        if (name == null) return 0;
        if (LOCK_MACROS.contains(name) || Locks.isLock(name)) return 1;
        return UNLOCK_MACROS.contains(name) || Locks.isUnlock(name) ? -1 : 0;
    }
}
