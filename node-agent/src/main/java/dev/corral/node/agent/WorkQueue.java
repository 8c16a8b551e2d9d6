package dev.corral.node.agent;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keys waiting to be reconciled, worked off by a few threads. A key is queued once however often it
 * is added; one key is never handled by two threads at once (added while it runs, it runs again
 * afterwards), so a handler may assume it alone works on its object. A handler that did not finish
 * (returned false or threw) gets its key back after an exponential backoff.
 */
final class WorkQueue<K> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WorkQueue.class);
    private static final Duration FIRST_RETRY = Duration.ofMillis(500);
    private static final Duration LAST_RETRY = Duration.ofSeconds(30);

    /** Reconciles one key; false (or an exception) asks for a retry later. */
    @FunctionalInterface
    interface Handler<K> {
        boolean handle(K key) throws Exception;
    }

    private final Handler<K> handler;
    private final ScheduledExecutorService timer;
    private final List<Thread> workers = new ArrayList<>();
    // All guarded by this.
    private final ArrayDeque<K> ready = new ArrayDeque<>();
    private final Set<K> queued = new LinkedHashSet<>();
    private final Set<K> running = new HashSet<>();
    private final Set<K> addedWhileRunning = new HashSet<>();
    private final Map<K, Integer> failures = new HashMap<>();
    private boolean closed;

    WorkQueue(String name, int threads, Handler<K> handler, ScheduledExecutorService timer) {
        this.handler = handler;
        this.timer = timer;
        for (int i = 0; i < threads; i++) {
            Thread worker =
                    Thread.ofPlatform().name(name + "-" + i).daemon(true).unstarted(this::work);
            workers.add(worker);
            worker.start();
        }
    }

    synchronized void add(K key) {
        if (closed) {
            return;
        }
        if (running.contains(key)) {
            addedWhileRunning.add(key);
        } else if (queued.add(key)) {
            ready.add(key);
            notify();
        }
    }

    void addAfter(K key, Duration delay) {
        timer.schedule(() -> add(key), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void work() {
        while (true) {
            K key;
            synchronized (this) {
                while (ready.isEmpty() && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                key = ready.poll();
                queued.remove(key);
                running.add(key);
            }
            boolean done;
            try {
                done = handler.handle(key);
            } catch (Exception | AssertionError e) {
                log.warn("{}: {}", key, e.toString(), e);
                done = false;
            }
            finished(key, done);
        }
    }

    private synchronized void finished(K key, boolean done) {
        running.remove(key);
        boolean again = addedWhileRunning.remove(key);
        if (done) {
            failures.remove(key);
        } else if (!closed) {
            int failed = failures.merge(key, 1, Integer::sum);
            long delay = Math.min(LAST_RETRY.toMillis(), FIRST_RETRY.toMillis() << Math.min(failed - 1, 16));
            addAfter(key, Duration.ofMillis(delay));
        }
        if (again) {
            add(key);
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        for (Thread worker : workers) {
            worker.interrupt();
        }
    }
}
