package dev.corral.api.reconcile;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** A work queue's time: when it is, and running a task later. Tests drive one by hand. */
public interface Timer {
    /** A monotonic time in nanoseconds, as {@link System#nanoTime()}. */
    long nanoTime();

    /** Runs {@code task} after {@code delay}; dropped silently once the timer is shut down. */
    void schedule(Duration delay, Runnable task);

    /** Real time, with delayed tasks run on {@code executor}. */
    static Timer of(ScheduledExecutorService executor) {
        return new Timer() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void schedule(Duration delay, Runnable task) {
                try {
                    executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
                } catch (RejectedExecutionException shutDown) {
                    // Its owner is closing: a retry is no longer wanted.
                }
            }
        };
    }
}
