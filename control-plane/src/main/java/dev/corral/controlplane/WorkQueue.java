package dev.corral.controlplane;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keys to reconcile, each handled by one worker thread at a time. A key queued again while it
 * waits is queued once (a burst of events for one volume costs one reconcile); a key queued while
 * it is being handled runs again afterwards, so no change is missed.
 */
final class WorkQueue implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WorkQueue.class);

    private final Set<String> pending = new LinkedHashSet<>();
    private final ScheduledExecutorService timers;
    private final Thread worker;
    private final Consumer<String> handler;
    private volatile boolean closed;

    WorkQueue(String name, Consumer<String> handler) {
        this.handler = handler;
        this.timers = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name(name + "-timer").factory());
        this.worker = Thread.ofPlatform().daemon().name(name).start(this::run);
    }

    void add(String key) {
        synchronized (pending) {
            if (pending.add(key)) {
                pending.notifyAll();
            }
        }
    }

    void addAfter(String key, Duration delay) {
        if (!closed) {
            timers.schedule(() -> add(key), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void run() {
        while (!closed) {
            String key;
            synchronized (pending) {
                while (pending.isEmpty() && !closed) {
                    try {
                        pending.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                var it = pending.iterator();
                key = it.next();
                it.remove();
            }
            try {
                handler.accept(key);
            } catch (RuntimeException e) {
                log.warn("reconcile of {} failed, retrying in 2 s: {}", key, e.toString());
                addAfter(key, Duration.ofSeconds(2));
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        synchronized (pending) {
            pending.notifyAll();
        }
        timers.shutdownNow();
        worker.interrupt();
    }
}
