package dev.corral.api.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The queue with real worker threads and a hand-driven timer: no test waits for time to pass. */
class WorkQueueTest {
    private static final RetryLimit UNLIMITED = new RetryLimit(1_000_000, 1_000_000);

    private final ManualTimer timer = new ManualTimer();
    private final BlockingQueue<String> started = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> finished = new LinkedBlockingQueue<>();
    private WorkQueue<String> queue;

    @AfterEach
    void close() {
        if (queue != null) {
            queue.close();
        }
    }

    private WorkQueue<String> start(int workers, Backoff backoff, RetryLimit retries, Reconciler<String> reconciler) {
        queue = WorkQueue.start(
                new WorkQueue.Config("test-queue", workers, backoff, retries),
                key -> {
                    started.add(key);
                    try {
                        return reconciler.reconcile(key);
                    } finally {
                        finished.add(key);
                    }
                },
                timer);
        return queue;
    }

    private String nextStarted() throws InterruptedException {
        String key = started.poll(10, TimeUnit.SECONDS);
        assertThat(key).as("a reconcile started within 10 s").isNotNull();
        return key;
    }

    @Test
    void aKeyAddedAgainWhileQueuedIsReconciledOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        start(1, WorkQueue.Config.DEFAULT_BACKOFF, UNLIMITED, key -> {
            if (key.equals("busy")) {
                release.await();
            }
            return true;
        });
        queue.add("busy");
        assertThat(nextStarted()).isEqualTo("busy");

        queue.add("a");
        queue.add("b");
        queue.add("a");
        queue.add("a");
        release.countDown();

        assertThat(nextStarted()).isEqualTo("a");
        assertThat(nextStarted()).isEqualTo("b");
        queue.add("end");
        assertThat(nextStarted()).as("a ran once").isEqualTo("end");
    }

    @Test
    void aKeyIsNeverReconciledByTwoWorkersAndRunsAgainWhenAddedWhileRunning() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger inA = new AtomicInteger();
        AtomicInteger mostInA = new AtomicInteger();
        start(2, WorkQueue.Config.DEFAULT_BACKOFF, UNLIMITED, key -> {
            if (key.equals("a")) {
                mostInA.accumulateAndGet(inA.incrementAndGet(), Math::max);
                release.await();
                inA.decrementAndGet();
            }
            return true;
        });
        queue.add("a");
        assertThat(nextStarted()).isEqualTo("a");

        queue.add("a");
        queue.add("b");
        // The idle worker takes b, queued after a: a is held back while it runs.
        assertThat(nextStarted()).isEqualTo("b");
        release.countDown();
        assertThat(nextStarted()).as("a again, since it was added while it ran").isEqualTo("a");
        queue.add("end");
        assertThat(nextStarted()).isEqualTo("end");
        assertThat(mostInA).hasValue(1);
    }

    @Test
    void failuresAreRetriedWithAGrowingCappedBackoffThatASuccessResets() throws Exception {
        BlockingQueue<String> outcomes =
                new LinkedBlockingQueue<>(List.of("fail", "throw", "fail", "fail", "done", "fail"));
        start(
                1,
                new Backoff(Duration.ofMillis(100), Duration.ofMillis(400)),
                UNLIMITED,
                key -> switch (outcomes.take()) {
                    case "done" -> true;
                    case "throw" -> throw new IllegalStateException("an exception is a failure too");
                    default -> false;
                });
        queue.add("a");
        List<Duration> waits = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ManualTimer.Scheduled retry = timer.next();
            waits.add(retry.delay());
            retry.task().run();
        }
        assertThat(waits).containsExactly(ms(100), ms(200), ms(400), ms(400));

        for (int attempt = 1; attempt <= 5; attempt++) {
            assertThat(finished.poll(10, TimeUnit.SECONDS))
                    .as("attempt " + attempt + " ended")
                    .isEqualTo("a");
        }
        queue.add("a");
        assertThat(timer.next().delay())
                .as("the backoff starts over after a success")
                .isEqualTo(ms(100));
        assertThat(started).hasSize(6);
    }

    @Test
    void retriesOfAllKeysTogetherKeepToTheRetryLimit() throws Exception {
        start(1, new Backoff(ms(10), ms(10)), new RetryLimit(1, 2), key -> false);
        for (String key : List.of("a", "b", "c", "d")) {
            queue.add(key);
        }
        List<ManualTimer.Scheduled> retries = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            retries.add(timer.next());
        }
        assertThat(retries.stream().map(ManualTimer.Scheduled::delay))
                .as("two at once (the burst), then one a second")
                .containsExactly(ms(10), ms(10), ms(1000), ms(2000));

        timer.advance(Duration.ofSeconds(10)); // the bucket fills up again, to the burst
        started.clear();
        retries.forEach(r -> r.task().run());
        List<Duration> later = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            later.add(timer.next().delay());
        }
        assertThat(later).containsExactly(ms(10), ms(10), ms(1000), ms(2000));
    }

    @Test
    void addAfterQueuesTheKeyWhenItsTimeComes() throws Exception {
        start(1, WorkQueue.Config.DEFAULT_BACKOFF, UNLIMITED, key -> true);
        queue.addAfter("a", Duration.ofSeconds(5));
        ManualTimer.Scheduled later = timer.next();
        assertThat(later.delay()).isEqualTo(Duration.ofSeconds(5));
        assertThat(started).isEmpty();
        later.task().run();
        assertThat(nextStarted()).isEqualTo("a");
    }

    @Test
    void closeInterruptsAReconcileUnderWayAndEndsTheWorkers() throws Exception {
        Map<String, Thread> threads = new ConcurrentHashMap<>();
        CountDownLatch never = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        start(1, WorkQueue.Config.DEFAULT_BACKOFF, UNLIMITED, key -> {
            threads.put(key, Thread.currentThread());
            try {
                never.await();
            } catch (InterruptedException e) {
                interrupted.set(true);
                throw e;
            }
            return true;
        });
        queue.add("a");
        assertThat(nextStarted()).isEqualTo("a");

        queue.close();

        assertThat(interrupted).isTrue();
        assertThat(threads.get("a").isAlive()).isFalse();
        assertThat(timer.nothingScheduled())
                .as("no retry of what close interrupted")
                .isTrue();
        queue.add("b");
        queue.addAfter("c", ms(1));
        assertThat(started).isEmpty();
        assertThat(timer.nothingScheduled()).isTrue();
    }

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }
}
