package dev.corral.agent.testing;

import dev.corral.agent.model.Kind;
import dev.corral.agent.model.Resource;
import dev.corral.agent.store.AlreadyExistsException;
import dev.corral.agent.store.ConflictException;
import dev.corral.agent.store.NotFoundException;
import dev.corral.agent.store.Store;
import dev.corral.agent.store.Watch;
import dev.corral.agent.store.WatchEvent;
import dev.corral.agent.store.WatchListener;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A Store kept in memory, only until SqliteStore is on main: the same contract (one revision,
 * optimistic updates, ADDED then SYNCED then changes, in order, on a thread per watch).
 */
public final class MemoryStore implements Store {
    private final Map<Kind<?>, TreeMap<String, Resource>> objects = new HashMap<>();
    private final List<Watcher> watchers = new ArrayList<>();
    private long revision;

    private record Watcher(Set<Kind<?>> kinds, WatchListener listener, ExecutorService thread) {}

    @Override
    public synchronized <T extends Resource> Optional<T> get(Kind<T> kind, String name) {
        return Optional.ofNullable(byName(kind).get(name)).map(kind::cast);
    }

    @Override
    public synchronized <T extends Resource> List<T> list(Kind<T> kind) {
        return byName(kind).values().stream().map(kind::cast).toList();
    }

    @Override
    public synchronized <T extends Resource> T create(T resource) {
        Kind<T> kind = Kind.of(resource);
        if (byName(kind).containsKey(resource.name())) {
            throw new AlreadyExistsException(kind.name() + " " + resource.name() + " already exists");
        }
        long next = ++revision;
        @SuppressWarnings("unchecked")
        T stored = (T) resource.withMetadata(resource.metadata()
                .withCreation(UUID.randomUUID().toString(), Instant.now())
                .withResourceVersion(next));
        byName(kind).put(stored.name(), stored);
        publish(new WatchEvent(WatchEvent.Type.ADDED, stored, next));
        return stored;
    }

    @Override
    public synchronized <T extends Resource> T update(T resource) {
        Kind<T> kind = Kind.of(resource);
        Resource old = byName(kind).get(resource.name());
        if (old == null) {
            throw new NotFoundException(kind.name() + " " + resource.name() + " not found");
        }
        if (old.metadata().resourceVersion() != resource.metadata().resourceVersion()) {
            throw new ConflictException(kind.name() + " " + resource.name() + " changed: stored version "
                    + old.metadata().resourceVersion() + ", given " + resource.metadata().resourceVersion());
        }
        long next = ++revision;
        @SuppressWarnings("unchecked")
        T stored = (T) resource.withMetadata(resource.metadata()
                .withCreation(old.metadata().uid(), old.metadata().creationTimestamp())
                .withResourceVersion(next));
        byName(kind).put(stored.name(), stored);
        publish(new WatchEvent(WatchEvent.Type.MODIFIED, stored, next));
        return stored;
    }

    @Override
    public synchronized void delete(Kind<?> kind, String name, long resourceVersion) {
        Resource old = byName(kind).get(name);
        if (old == null) {
            throw new NotFoundException(kind.name() + " " + name + " not found");
        }
        if (resourceVersion != 0 && resourceVersion != old.metadata().resourceVersion()) {
            throw new ConflictException(kind.name() + " " + name + " changed");
        }
        byName(kind).remove(name);
        publish(new WatchEvent(WatchEvent.Type.DELETED, old, ++revision));
    }

    @Override
    public synchronized long revision() {
        return revision;
    }

    @Override
    public synchronized Watch watch(Set<Kind<?>> kinds, WatchListener listener) {
        Watcher watcher = new Watcher(Set.copyOf(kinds), listener, Executors.newSingleThreadExecutor());
        List<Resource> existing = new ArrayList<>();
        for (Kind<?> kind : kinds) {
            existing.addAll(byName(kind).values());
        }
        existing.sort(Comparator.comparingLong(r -> r.metadata().resourceVersion()));
        long now = revision;
        for (Resource r : existing) {
            watcher.thread().execute(() -> listener.onEvent(new WatchEvent(WatchEvent.Type.ADDED, r, now)));
        }
        watcher.thread().execute(() -> listener.onEvent(new WatchEvent(WatchEvent.Type.SYNCED, null, now)));
        watchers.add(watcher);
        return () -> {
            synchronized (MemoryStore.this) {
                watchers.remove(watcher);
            }
            watcher.thread().shutdownNow();
        };
    }

    private void publish(WatchEvent event) {
        Kind<?> kind = Kind.of(event.resource());
        for (Watcher w : watchers) {
            if (w.kinds().contains(kind)) {
                w.thread().execute(() -> w.listener().onEvent(event));
            }
        }
    }

    private TreeMap<String, Resource> byName(Kind<?> kind) {
        return objects.computeIfAbsent(kind, k -> new TreeMap<>());
    }

    @Override
    public synchronized void close() {
        watchers.forEach(w -> w.thread().shutdownNow());
        watchers.clear();
    }
}
