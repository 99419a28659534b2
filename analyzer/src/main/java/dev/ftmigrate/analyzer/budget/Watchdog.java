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
 * supports stopping a thread, the cooperative request is all there is.
 */
public final class Watchdog implements AutoCloseable {
    static final long GRACE_MS = 2000;
    private static final ThreadLocal<Ticket> CURRENT = new ThreadLocal<>();

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ftmigrate-watchdog");
        t.setDaemon(true);
        return t;
    });

    private static final class Ticket {
        final Thread worker = Thread.currentThread();
        volatile boolean expired;
        boolean done, stopped;
    }

    /** True when the current thread's work is past its deadline (polled by the parser). */
    public static boolean expired() {
        Ticket t = CURRENT.get();
        return t != null && t.expired;
    }

    /**
     * @param seconds the budget
     * @param what    names the work in the message ("a.c: ...")
     * @throws BudgetExceeded when the budget ran out
     */
    @SuppressWarnings("removal")
    public <T> T call(double seconds, Callable<T> body) throws Exception {
        Ticket t = new Ticket();
        Ticket outer = CURRENT.get();
        CURRENT.set(t);
        long ms = Math.max(1, (long) (seconds * 1000));
        ScheduledFuture<?> soft = timer.schedule(() -> { t.expired = true; }, ms, TimeUnit.MILLISECONDS);
        ScheduledFuture<?> hard = timer.schedule(() -> {
            synchronized (t) {
                if (t.done) return;
                t.stopped = true;
                try {
                    t.worker.stop();
                } catch (UnsupportedOperationException e) {
                    t.stopped = false; // JVMs from 20 on: only the cooperative stop
                }
            }
        }, ms + GRACE_MS, TimeUnit.MILLISECONDS);
        try {
            try {
                return body.call();
            } finally {
                synchronized (t) { t.done = true; }
                soft.cancel(false);
                hard.cancel(false);
                CURRENT.set(outer);
            }
        } catch (ThreadDeath d) {
            if (!t.stopped) throw d;
            throw new BudgetExceeded(exceeded(seconds));
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
