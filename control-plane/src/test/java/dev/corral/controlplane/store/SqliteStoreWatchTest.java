package dev.corral.controlplane.store;

import static dev.corral.controlplane.store.Fixtures.node;
import static dev.corral.controlplane.store.Fixtures.resized;
import static dev.corral.controlplane.store.Fixtures.volume;
import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.api.model.Kind;
import dev.corral.api.model.Node;
import dev.corral.api.model.Resource;
import dev.corral.api.model.Volume;
import dev.corral.api.store.Watch;
import dev.corral.api.store.WatchEvent;
import dev.corral.api.store.WatchEvent.Type;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreWatchTest {
    private static final Set<Kind<?>> ALL = Set.copyOf(Kind.all());

    @TempDir
    Path dir;

    private SqliteStore store;

    @BeforeEach
    void open() {
        store = SqliteStore.open(dir.resolve("state.db"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** Records what a listener was given and on which thread. */
    private static final class Recorder {
        final List<WatchEvent> events = new CopyOnWriteArrayList<>();
        final Set<Thread> threads = ConcurrentHashMap.newKeySet();

        void onEvent(WatchEvent event) {
            threads.add(Thread.currentThread());
            events.add(event);
        }

        boolean reached(long revision) {
            return !events.isEmpty() && events.getLast().revision() >= revision;
        }
    }

    @Test
    void existingObjectsComeFirstThenSyncedThenEachChangeOfTheWatchedKinds() {
        Volume a = store.create(volume("a", 4096));
        Volume b = store.create(volume("b", 4096));
        store.create(node("n1"));
        Recorder seen = new Recorder();
        store.watch(Set.of(Kind.VOLUME), seen::onEvent);

        Volume a2 = store.update(resized(a, 8192));
        store.create(node("n2"));
        store.delete(Kind.VOLUME, "b", 0);
        Volume c = store.create(volume("c", 4096));
        await(() -> seen.reached(7));

        assertThat(seen.events)
                .containsExactly(
                        new WatchEvent(Type.ADDED, a, 3),
                        new WatchEvent(Type.ADDED, b, 3),
                        new WatchEvent(Type.SYNCED, null, 3),
                        new WatchEvent(Type.MODIFIED, a2, 4),
                        // DELETED carries the object as it was last stored.
                        new WatchEvent(Type.DELETED, b, 6),
                        new WatchEvent(Type.ADDED, c, 7));
        assertThat(seen.threads).hasSize(1).doesNotContain(Thread.currentThread());
    }

    /**
     * Several threads create, update and delete volumes and nodes while three watches look on: one
     * registered before the writers, one for volumes only, and one registered in the middle of
     * them. Each must see its snapshot and then every later write once, in revision order, and
     * applying what it saw must give exactly what the store holds at the end.
     */
    @Test
    void concurrentWritersAreSeenOnceEachInRevisionOrder() throws Exception {
        for (int i = 0; i < 10; i++) {
            store.create(volume("pre-" + i, 4096));
        }
        Recorder before = new Recorder();
        Recorder volumesOnly = new Recorder();
        store.watch(ALL, before::onEvent);
        store.watch(Set.of(Kind.VOLUME), volumesOnly::onEvent);
        long startRevision = store.revision();

        int writers = 4;
        int opsPerWriter = 200;
        AtomicInteger volumeWrites = new AtomicInteger();
        CountDownLatch halfway = new CountDownLatch(writers);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<?>> done = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            done.add(pool.submit(() -> {
                for (int i = 0; i < opsPerWriter; i++) {
                    if (writeOne(writer, i)) {
                        volumeWrites.incrementAndGet();
                    }
                    if (i == opsPerWriter / 2) {
                        halfway.countDown();
                    }
                }
                return null;
            }));
        }
        halfway.await();
        Recorder midway = new Recorder();
        store.watch(ALL, midway::onEvent);
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        long finalRevision = store.revision();
        assertThat(finalRevision).isEqualTo(startRevision + (long) writers * opsPerWriter);
        await(() -> before.reached(finalRevision) && midway.reached(finalRevision));
        await(() -> volumesOnly.events.size() == 10 + 1 + volumeWrites.get());

        Map<String, Resource> all = current(ALL);
        assertSnapshotThenEveryRevision(before, all, true);
        assertSnapshotThenEveryRevision(midway, all, true);
        assertSnapshotThenEveryRevision(volumesOnly, current(Set.of(Kind.VOLUME)), false);
        assertThat(before.events.stream().filter(e -> e.type() != Type.SYNCED)).hasSize(10 + writers * opsPerWriter);
        assertThat(midway.threads).hasSize(1);
    }

    /** A writer's own objects, so that its operations never conflict: returns whether it wrote a volume. */
    private boolean writeOne(int writer, int i) {
        String name = "w" + writer + "-" + (i % 7);
        if (i % 3 == 0) {
            Node n = store.get(Kind.NODE, name).orElse(null);
            if (n == null) {
                store.create(node(name));
            } else {
                store.update(n.withSpec(n.spec().withAllowScheduling(!n.spec().allowScheduling())));
            }
            return false;
        }
        Volume v = store.get(Kind.VOLUME, name).orElse(null);
        if (v == null) {
            store.create(volume(name, 4096));
        } else if (i % 5 == 0) {
            store.delete(Kind.VOLUME, name, v.metadata().resourceVersion());
        } else {
            store.update(resized(v, v.spec().size() + 4096));
        }
        return true;
    }

    private Map<String, Resource> current(Set<Kind<?>> kinds) {
        Map<String, Resource> out = new HashMap<>();
        for (Kind<?> kind : kinds) {
            for (Resource r : store.list(kind)) {
                out.put(key(r), r);
            }
        }
        return out;
    }

    /**
     * Checks the stream's shape (ADDED..., SYNCED, changes), that change revisions rise (by
     * exactly one each when every kind is watched), that ADDED/MODIFIED/DELETED agree with what
     * the watcher already knows, and that the replayed state is {@code expected}.
     */
    private static void assertSnapshotThenEveryRevision(
            Recorder seen, Map<String, Resource> expected, boolean everyRevision) {
        Map<String, Resource> state = new HashMap<>();
        int i = 0;
        List<WatchEvent> events = seen.events;
        while (events.get(i).type() == Type.ADDED) {
            state.put(key(events.get(i).resource()), events.get(i).resource());
            i++;
        }
        WatchEvent synced = events.get(i++);
        assertThat(synced.type()).isEqualTo(Type.SYNCED);
        assertThat(events.subList(0, i)).allMatch(e -> e.revision() == synced.revision());
        long last = synced.revision();
        for (; i < events.size(); i++) {
            WatchEvent e = events.get(i);
            if (everyRevision) {
                assertThat(e.revision()).as("event %d", i).isEqualTo(last + 1);
            } else {
                assertThat(e.revision()).as("event %d", i).isGreaterThan(last);
            }
            last = e.revision();
            String key = key(e.resource());
            switch (e.type()) {
                case ADDED -> assertThat(state.put(key, e.resource())).isNull();
                case MODIFIED -> assertThat(state.put(key, e.resource())).isNotNull();
                case DELETED -> assertThat(state.remove(key)).isEqualTo(e.resource());
                case SYNCED -> throw new AssertionError("second SYNCED at event " + i);
            }
            if (e.type() != Type.DELETED) {
                assertThat(e.resource().metadata().resourceVersion()).isEqualTo(e.revision());
            }
        }
        assertThat(state).isEqualTo(expected);
    }

    private static String key(Resource r) {
        return r.kind() + "/" + r.name();
    }

    @Test
    void listenerThatThrowsKeepsGettingEvents() {
        Recorder seen = new Recorder();
        store.watch(Set.of(Kind.VOLUME), event -> {
            seen.onEvent(event);
            throw new IllegalStateException("listener bug at " + event.revision());
        });

        for (int i = 0; i < 5; i++) {
            store.create(volume("v" + i, 4096));
        }
        await(() -> seen.reached(5));

        assertThat(seen.events).extracting(WatchEvent::revision).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void slowListenerDelaysNeitherWritersNorOtherWatches() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Recorder slow = new Recorder();
        Recorder fast = new Recorder();
        store.watch(Set.of(Kind.VOLUME), event -> {
            slow.onEvent(event);
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        store.watch(Set.of(Kind.VOLUME), fast::onEvent);

        CompletableFuture<Void> writes = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 100; i++) {
                store.create(volume("v" + i, 4096));
            }
        });
        writes.get(30, TimeUnit.SECONDS);
        await(() -> fast.reached(100));

        assertThat(slow.events).hasSize(1);
        release.countDown();
        await(() -> slow.reached(100));
        assertThat(slow.events).hasSize(101);
    }

    @Test
    void closedWatchGetsNothingMore() throws Exception {
        Recorder seen = new Recorder();
        Watch watch = store.watch(Set.of(Kind.VOLUME), seen::onEvent);
        store.create(volume("a", 4096));
        await(() -> seen.reached(1));

        watch.close();
        watch.close();
        store.create(volume("b", 4096));
        Recorder after = new Recorder();
        store.watch(Set.of(Kind.VOLUME), after::onEvent);
        store.create(volume("c", 4096));
        // A later watch has seen c, and the dispatcher ran in order: b would have come first.
        await(() -> after.reached(3));
        Thread.sleep(50);

        assertThat(seen.events).extracting(WatchEvent::revision).containsExactly(0L, 1L);
    }

    @Test
    void listenerMayCloseItsOwnWatch() {
        Recorder seen = new Recorder();
        Watch[] self = new Watch[1];
        // The MODIFIED event is queued after self[0] is set, and the queue hands that over.
        self[0] = store.watch(Set.of(Kind.VOLUME), event -> {
            seen.onEvent(event);
            if (event.type() == Type.MODIFIED) {
                self[0].close();
            }
        });
        Volume a = store.create(volume("a", 4096));
        store.update(resized(a, 8192));
        store.create(volume("b", 4096));
        Recorder other = new Recorder();
        store.watch(Set.of(Kind.VOLUME), other::onEvent);
        await(() -> other.reached(3) && seen.reached(2));

        assertThat(seen.events).extracting(WatchEvent::type).containsExactly(Type.SYNCED, Type.ADDED, Type.MODIFIED);
    }

    @Test
    void closingTheStoreStopsItsWatches() throws Exception {
        Recorder seen = new Recorder();
        store.watch(Set.of(Kind.VOLUME), seen::onEvent);
        store.create(volume("a", 4096));
        await(() -> seen.reached(1));
        Thread dispatcher = seen.threads.iterator().next();

        store.close();

        dispatcher.join(Duration.ofSeconds(10));
        assertThat(dispatcher.isAlive()).isFalse();
        assertThat(seen.events).hasSize(2);
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached in 30 s");
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
