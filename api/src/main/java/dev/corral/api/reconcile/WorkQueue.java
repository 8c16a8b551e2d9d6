package dev.corral.api.reconcile;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keys waiting to be reconciled, worked off by a few threads: the reconcile machinery every Corral
 * controller shares (control plane, node agent, CSI driver).
 *
 * <ul>
 *   <li>A key is queued once however often it is added: a burst of events for one object costs one
 *       reconcile.
 *   <li>One key is never reconciled by two threads at once, so a reconciler may assume it alone
 *       works on its object. A key added while it is being reconciled runs again afterwards, so no
 *       change is missed.
 *   <li>A reconcile that did not finish (returned false or threw) gets its key back after the key's
 *       exponential {@link Backoff}, and no sooner than the queue's {@link RetryLimit} allows; a
 *       reconcile that finishes resets the key's backoff.
 *   <li>{@link #addAfter} requeues a key later (a reconciler that knows when to look again).
 * </ul>
 */
public final class WorkQueue<K> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WorkQueue.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    /**
     * @param name names the worker threads and the log lines
     * @param workers how many keys are reconciled at once
     */
    public record Config(String name, int workers, Backoff backoff, RetryLimit retries) {
        /** Half a second after a first failure, doubling up to 30 s. */
        public static final Backoff DEFAULT_BACKOFF = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));

        /** Ten retries a second on average, a hundred at once. */
        public static final RetryLimit DEFAULT_RETRIES = new RetryLimit(10, 100);

        public Config {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(backoff, "backoff");
            Objects.requireNonNull(retries, "retries");
            if (workers < 1) {
                throw new IllegalArgumentException("a work queue needs at least one worker, not " + workers);
            }
        }

        /** The default backoff and retry limit. */
        public static Config of(String name, int workers) {
            return new Config(name, workers, DEFAULT_BACKOFF, DEFAULT_RETRIES);
        }
    }

    private final Config config;
    private final Reconciler<K> reconciler;
    private final Timer timer;
    private final List<Thread> workers = new ArrayList<>();
    // All guarded by this.
    private final ArrayDeque<K> ready = new ArrayDeque<>();
    private final Set<K> queued = new HashSet<>();
    private final Set<K> running = new HashSet<>();
    private final Set<K> addedWhileRunning = new HashSet<>();
    private final Map<K, Integer> failures = new HashMap<>();
    private final RetryBudget budget;
    private boolean closed;

    private WorkQueue(Config config, Reconciler<K> reconciler, Timer timer) {
        this.config = config;
        this.reconciler = Objects.requireNonNull(reconciler, "reconciler");
        this.timer = Objects.requireNonNull(timer, "timer");
        this.budget = new RetryBudget(config.retries(), timer.nanoTime());
    }

    /** A queue whose workers run from now on; delays and retries wait on {@code timer}. */
    public static <K> WorkQueue<K> start(Config config, Reconciler<K> reconciler, Timer timer) {
        WorkQueue<K> queue = new WorkQueue<>(config, reconciler, timer);
        for (int i = 0; i < config.workers(); i++) {
            queue.workers.add(Thread.ofPlatform()
                    .name(config.name() + "-" + i)
                    .daemon(true)
                    .start(queue::work));
        }
        return queue;
    }

    /** Queues {@code key} unless it is queued already. */
    public synchronized void add(K key) {
        Objects.requireNonNull(key, "key");
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

    /** Queues {@code key} after {@code delay}. */
    public void addAfter(K key, Duration delay) {
        Objects.requireNonNull(key, "key");
        synchronized (this) {
            if (closed) {
                return;
            }
        }
        timer.schedule(delay, () -> add(key));
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
            Exception failure = null;
            boolean done;
            try {
                done = reconciler.reconcile(key);
            } catch (Exception e) {
                failure = e;
                done = false;
            }
            Duration retry = finished(key, done);
            if (failure != null) {
                log.warn(
                        "{}: reconcile of {} failed{}: {}",
                        config.name(),
                        key,
                        retry == null ? "" : ", retrying in " + retry.toMillis() + " ms",
                        failure.toString(),
                        failure);
            }
            if (retry != null) {
                addAfter(key, retry);
            }
        }
    }

    /** Releases the key; answers when to retry it, or null. */
    private synchronized Duration finished(K key, boolean done) {
        running.remove(key);
        if (addedWhileRunning.remove(key)) {
            add(key);
        }
        if (done) {
            failures.remove(key);
            return null;
        }
        if (closed) {
            return null;
        }
        int failed = failures.merge(key, 1, Integer::sum);
        Duration backoff = config.backoff().after(failed);
        Duration limited = Duration.ofNanos(budget.reserve(timer.nanoTime()));
        return backoff.compareTo(limited) >= 0 ? backoff : limited;
    }

    /**
     * Stops the workers: queued keys and pending retries are dropped, a reconcile under way is
     * interrupted, and the call returns once the workers have ended (or after 10 s, logged).
     */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            ready.clear();
            queued.clear();
            notifyAll();
        }
        long deadline = System.nanoTime() + STOP_WAIT.toNanos();
        for (Thread worker : workers) {
            if (worker == Thread.currentThread()) {
                continue; // closed from its own reconciler: it ends when that returns
            }
            worker.interrupt();
            try {
                worker.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (worker.isAlive()) {
                log.warn(
                        "{}: worker {} still reconciling after {} s",
                        config.name(),
                        worker.getName(),
                        STOP_WAIT.toSeconds());
            }
        }
    }
}
