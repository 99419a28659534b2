package dev.ftmigrate.analyzer.budget;

import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs one file's work on the calling thread under a time limit. At the deadline the work is asked to
 * stop (the parser polls {@link #expired()}); code that does not poll (a rule stuck in a loop, one huge
 * macro expansion inside CDT) is stopped {@link #GRACE_MS} later with {@link Thread#stop()}: the work
 * only touches its own file's data, so nothing shared is left half-updated. Where the JVM no longer
 * supports stopping a thread, the cooperative request is all there is. The heap is watched too: when
 * it is nearly full, the file whose work allocated the most is stopped the same way, so one file that
 * explodes in memory cannot take the whole scan (and every other file's findings) down with it.
 */
public final class Watchdog implements AutoCloseable {
    static final long GRACE_MS = 2000;
    private static final ThreadLocal<Ticket> CURRENT = new ThreadLocal<>();

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ftmigrate-watchdog");
        t.setDaemon(true);
        return t;
    });

    private static final double HEAP_HIGH = 0.85;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    private final java.util.Set<Ticket> running = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public Watchdog() {
        timer.scheduleWithFixedDelay(this::watchHeap, 200, 200, TimeUnit.MILLISECONDS);
    }

    private static final class Ticket {
        final Thread worker = Thread.currentThread();
        final long allocatedAtStart = THREADS.getThreadAllocatedBytes(worker.getId());
        volatile boolean expired;
        volatile String reason;
        boolean done, stopped;
    }

    private void watchHeap() {
        java.lang.management.MemoryUsage heap = java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        if (heap.getMax() <= 0 || heap.getUsed() < HEAP_HIGH * heap.getMax() || running.isEmpty()) return;
        System.gc(); // only under pressure: is it live data or garbage?
        heap = java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        if (heap.getUsed() < HEAP_HIGH * heap.getMax()) return;
        Ticket worst = null;
        long most = -1;
        for (Ticket t : running) {
            long a = THREADS.getThreadAllocatedBytes(t.worker.getId()) - t.allocatedAtStart;
            if (a > most) { most = a; worst = t; }
        }
        if (worst != null) stop(worst, String.format(java.util.Locale.ROOT,
                "abandoned: the heap filled up (%d MB of %d MB) while analysing it", heap.getUsed() >> 20, heap.getMax() >> 20));
    }

    @SuppressWarnings("removal")
    private static void stop(Ticket t, String reason) {
        synchronized (t) {
            if (t.done || t.stopped) return;
            t.reason = reason;
            t.expired = true;
            t.stopped = true;
            try {
                t.worker.stop();
            } catch (UnsupportedOperationException e) {
                t.stopped = false; // JVMs from 20 on: only the cooperative stop
            }
        }
    }

    /** True when the current thread's work is past its deadline (polled by the parser). */
    public static boolean expired() {
        Ticket t = CURRENT.get();
        return t != null && t.expired;
    }

    /**
     * @param seconds the budget
     * @throws BudgetExceeded when the budget ran out
     */
    public <T> T call(double seconds, Callable<T> body) throws Exception {
        Ticket t = new Ticket();
        Ticket outer = CURRENT.get();
        CURRENT.set(t);
        long ms = Math.max(1, (long) (seconds * 1000));
        ScheduledFuture<?> soft = timer.schedule(() -> { t.expired = true; }, ms, TimeUnit.MILLISECONDS);
        ScheduledFuture<?> hard = timer.schedule(() -> stop(t, exceeded(seconds)), ms + GRACE_MS, TimeUnit.MILLISECONDS);
        running.add(t);
        try {
            try {
                return body.call();
            } finally {
                synchronized (t) { t.done = true; }
                running.remove(t);
                soft.cancel(false);
                hard.cancel(false);
                CURRENT.set(outer);
            }
        } catch (ThreadDeath d) {
            if (!t.stopped) throw d;
            throw new BudgetExceeded(t.reason);
        } catch (BudgetExceeded | RuntimeException e) {
            if (t.expired && !(e instanceof BudgetExceeded)) throw new BudgetExceeded(exceeded(seconds));
            throw e;
        }
    }

    public static String exceeded(double seconds) {
        return String.format(java.util.Locale.ROOT, "abandoned: over the time budget of %.0f s", seconds);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
