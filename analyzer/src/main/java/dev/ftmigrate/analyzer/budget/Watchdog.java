package dev.ftmigrate.analyzer.budget;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs one file's work on the calling thread under a time budget, counted in the worker's CPU time
 * (a loaded machine must not cost a file its findings), with a wall-clock cap of {@link #WALL_FACTOR}
 * times the budget for work that blocks. Over budget, the work is asked to stop (the parser polls
 * {@link #expired()}); code that does not poll (a rule stuck in a loop, one huge macro expansion
 * inside CDT) is stopped {@link #GRACE_MS} later with {@link Thread#stop()}: the work only touches its
 * own file's data, so nothing shared is left half-updated. Where the JVM no longer supports stopping
 * a thread, the cooperative request is all there is. The heap is watched too: when it is nearly
 * full, the file whose work allocated the most is stopped the same way, so one file that explodes in
 * memory cannot take the whole scan (and every other file's findings) down with it.
 */
public final class Watchdog implements AutoCloseable {
    static final long GRACE_MS = 2000;
    static final int WALL_FACTOR = 4;
    private static final double HEAP_HIGH = 0.85;
    private static final ThreadLocal<Ticket> CURRENT = new ThreadLocal<>();
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final Set<Ticket> running = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ftmigrate-watchdog");
        t.setDaemon(true);
        return t;
    });

    public Watchdog() {
        timer.scheduleWithFixedDelay(this::watch, 100, 100, TimeUnit.MILLISECONDS);
    }

    private static final class Ticket {
        final Thread worker = Thread.currentThread();
        final long allocatedAtStart = THREADS.getThreadAllocatedBytes(worker.getId());
        final long cpuAtStart = THREADS.getThreadCpuTime(worker.getId());
        final long wallStart = System.nanoTime();
        final double seconds;
        volatile boolean expired;
        volatile String reason;
        long expiredAt;
        boolean done, stopped;

        Ticket(double seconds) { this.seconds = seconds; }
    }

    /** True when the current thread's work is past its budget (polled by the parser). */
    public static boolean expired() {
        Ticket t = CURRENT.get();
        return t != null && t.expired;
    }

    /**
     * @param seconds the budget, in CPU seconds of the calling thread
     * @throws BudgetExceeded when the budget ran out
     */
    public <T> T call(double seconds, Callable<T> body) throws Exception {
        Ticket t = new Ticket(seconds);
        Ticket outer = CURRENT.get();
        CURRENT.set(t);
        running.add(t);
        try {
            try {
                return body.call();
            } finally {
                synchronized (t) { t.done = true; }
                running.remove(t);
                CURRENT.set(outer);
            }
        } catch (ThreadDeath d) {
            if (!t.stopped) throw d;
            throw new BudgetExceeded(t.reason);
        } catch (RuntimeException e) {
            if (t.expired) throw new BudgetExceeded(t.reason);
            throw e;
        }
    }

    public static String exceeded(double seconds) {
        return String.format(Locale.ROOT, "abandoned: over the time budget of %.0f s", seconds);
    }

    private void watch() {
        long now = System.nanoTime();
        for (Ticket t : running) {
            if (!t.expired) {
                long cpu = THREADS.getThreadCpuTime(t.worker.getId()) - t.cpuAtStart;
                double wall = (now - t.wallStart) / 1e9;
                if (cpu / 1e9 > t.seconds || wall > WALL_FACTOR * t.seconds) {
                    t.reason = exceeded(t.seconds);
                    t.expiredAt = now;
                    t.expired = true;
                }
            } else if (now - t.expiredAt > GRACE_MS * 1_000_000L) {
                stop(t, t.reason);
            }
        }
        watchHeap();
    }

    private void watchHeap() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        if (heap.getMax() <= 0 || heap.getUsed() < HEAP_HIGH * heap.getMax() || running.isEmpty()) return;
        System.gc(); // only under pressure: is it live data or garbage?
        heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        if (heap.getUsed() < HEAP_HIGH * heap.getMax()) return;
        Ticket worst = null;
        long most = -1;
        for (Ticket t : running) {
            long a = THREADS.getThreadAllocatedBytes(t.worker.getId()) - t.allocatedAtStart;
            if (a > most) { most = a; worst = t; }
        }
        if (worst != null) stop(worst, String.format(Locale.ROOT,
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

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
