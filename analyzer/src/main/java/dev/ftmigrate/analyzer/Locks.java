package dev.ftmigrate.analyzer;

import org.eclipse.cdt.core.dom.ast.IASTCompoundStatement;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;

import java.util.List;
import java.util.Set;

/**
 * Where a function holds a lock, lexically: after a lock call, until an unlock in the same or an
 * enclosing block (an unlock on an early-return branch does not end the region for the code after
 * that branch). Critical sections count as locks; so do the atomic helpers for their operands.
 */
public final class Locks {
    public static final Set<String> LOCK = Set.of("PyMutex_Lock", "_PyMutex_Lock", "PyThread_acquire_lock",
            "PyThread_acquire_lock_timed", "pthread_mutex_lock", "pthread_spin_lock", "pthread_rwlock_wrlock",
            "pthread_rwlock_rdlock", "EnterCriticalSection", "AcquireSRWLockExclusive", "AcquireSRWLockShared",
            "mtx_lock", "PyCriticalSection_Begin", "PyCriticalSection2_Begin", "PyCriticalSection_BeginMutex",
            "_PyCriticalSection_BeginMutex", "PyMUTEX_LOCK", "ACQUIRE_LOCK", "ENTER_LOCK");
    public static final Set<String> UNLOCK = Set.of("PyMutex_Unlock", "_PyMutex_Unlock", "PyThread_release_lock",
            "pthread_mutex_unlock", "pthread_spin_unlock", "pthread_rwlock_unlock", "LeaveCriticalSection",
            "ReleaseSRWLockExclusive", "ReleaseSRWLockShared", "mtx_unlock", "PyCriticalSection_End",
            "PyCriticalSection2_End", "PyMUTEX_UNLOCK", "RELEASE_LOCK", "LEAVE_LOCK");
    /** Calls whose operands are accessed atomically (or that publish once, safely). */
    public static boolean atomic(String callee) {
        return callee != null && (callee.startsWith("_Py_atomic_") || callee.startsWith("atomic_")
                || callee.startsWith("__atomic_") || callee.startsWith("__sync_") || callee.startsWith("Interlocked")
                || callee.startsWith("FT_ATOMIC_") || callee.startsWith("_PyOnceFlag") || callee.equals("PyOnce_Call"));
    }

    private Locks() {}

    /**
     * True when {@code offset} lies between a PyGILState_Ensure and its PyGILState_Release: code that
     * used the GIL as its lock (FT406's), which no longer excludes other threads.
     */
    public static boolean underGilState(FunctionScope scope, int offset) {
        int before = scope.callsBefore(offset);
        int[] ensure = scope.callsTo("PyGILState_Ensure"), release = scope.callsTo("PyGILState_Release");
        int depth = 0, i = 0, j = 0;
        // Merge the two ascending index lists in call order, as a walk over every call would meet them.
        while (true) {
            int a = i < ensure.length && ensure[i] < before ? ensure[i] : Integer.MAX_VALUE;
            int b = j < release.length && release[j] < before ? release[j] : Integer.MAX_VALUE;
            if (a == Integer.MAX_VALUE && b == Integer.MAX_VALUE) break;
            if (a < b) { depth++; i++; } else { depth = Math.max(0, depth - 1); j++; }
        }
        return depth > 0;
    }

    /** Where the GIL-state region opened at {@code from} ends: the next PyGILState_Release, or the end. */
    public static int gilStateEnd(FunctionScope scope, int from) {
        for (int i : scope.callsTo("PyGILState_Release")) {
            int at = scope.callStart(i);
            if (at > from) return at;
        }
        return Integer.MAX_VALUE;
    }

    public static boolean isLock(String callee) { return callee != null && LOCK.contains(callee); }

    public static boolean isUnlock(String callee) { return callee != null && UNLOCK.contains(callee); }

    /** True when {@code offset} in the scope's function lies inside a lock region. */
    public static boolean held(FunctionScope scope, int offset) {
        return held(scope, offset, c -> true);
    }

    /**
     * True when {@code offset} lies inside the region of a lock call that {@code counts} accepts
     * (e.g. only a critical section on self). A region ends at a matching unlock in the same or an
     * enclosing block, or where the lock call's own block ends.
     */
    public static boolean held(FunctionScope scope, int offset, java.util.function.Predicate<IASTFunctionCallExpression> counts) {
        return holding(scope, offset).stream().anyMatch(counts);
    }

    /** The lock calls whose region holds {@code offset}, in call order (what {@link #held} tests). */
    public static List<IASTFunctionCallExpression> holding(FunctionScope scope, int offset) {
        // Only lock and unlock calls matter: look at those alone (a long function has thousands of calls).
        int before = scope.callsBefore(offset);
        int[] locks = indexes(scope, LOCK, before), unlocks = indexes(scope, UNLOCK, before);
        if (locks.length == 0) return List.of();
        List<IASTFunctionCallExpression> calls = scope.calls();
        List<IASTFunctionCallExpression> out = new java.util.ArrayList<>();
        for (int i : locks) {
            IASTFunctionCallExpression lock = calls.get(i);
            IASTCompoundStatement own = Ast.ancestor(lock, IASTCompoundStatement.class);
            TextRange ownRange = own == null ? null : Ast.range(own);
            if (ownRange != null && offset >= ownRange.end()) continue;
            boolean released = false;
            for (int k = 0; k < unlocks.length && !released; k++) {
                if (unlocks[k] <= i) continue;
                IASTCompoundStatement block = Ast.ancestor(calls.get(unlocks[k]), IASTCompoundStatement.class);
                TextRange br = block == null ? null : Ast.range(block);
                released = br == null || (br.start() <= offset && offset < br.end());
            }
            if (!released) out.add(lock);
        }
        return out;
    }

    /** Ascending indexes of the calls to any of {@code names} among the first {@code before} calls. */
    private static int[] indexes(FunctionScope scope, Set<String> names, int before) {
        java.util.BitSet set = new java.util.BitSet();
        for (String n : names) for (int i : scope.callsTo(n)) if (i < before) set.set(i);
        return set.stream().toArray();
    }
}
