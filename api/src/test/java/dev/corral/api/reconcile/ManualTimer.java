package dev.corral.api.reconcile;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A timer driven by the test: time moves when told, and scheduled tasks run when the test runs them. */
final class ManualTimer implements Timer {
    record Scheduled(Duration delay, Runnable task) {}

    private final BlockingQueue<Scheduled> scheduled = new LinkedBlockingQueue<>();
    private volatile long now;

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public void schedule(Duration delay, Runnable task) {
        scheduled.add(new Scheduled(delay, task));
    }

    void advance(Duration by) {
        now += by.toNanos();
    }

    /** The next task scheduled, waiting for a worker to schedule it. */
    Scheduled next() throws InterruptedException {
        Scheduled next = scheduled.poll(10, TimeUnit.SECONDS);
        if (next == null) {
            throw new AssertionError("nothing was scheduled within 10 s");
        }
        return next;
    }

    boolean nothingScheduled() {
        return scheduled.isEmpty();
    }
}
