package dev.corral.controlplane;

import dev.corral.api.model.Kind;
import dev.corral.api.model.Resource;
import dev.corral.api.store.NotFoundException;
import dev.corral.api.store.Store;

/**
 * The control plane's writes: to the store, and then at once into the cache. A write that loses a
 * race throws the store's ConflictException; the reconcile is retried from fresh state.
 */
final class Writer {
    private final Store store;
    private final ClusterCache cache;

    Writer(Store store, ClusterCache cache) {
        this.store = store;
        this.cache = cache;
    }

    <T extends Resource> T create(T resource) {
        T stored = store.create(resource);
        cache.put(stored);
        return stored;
    }

    /** Writes {@code changed} unless it equals {@code current} (reconcile rewrites are no-ops). */
    <T extends Resource> T update(T current, T changed) {
        if (current.equals(changed)) {
            return current;
        }
        T stored = store.update(changed);
        cache.put(stored);
        return stored;
    }

    void delete(Resource resource) {
        try {
            store.delete(Kind.of(resource), resource.name(), resource.metadata().resourceVersion());
        } catch (NotFoundException alreadyGone) {
            // Deleted by someone else: the goal is reached.
        }
        cache.remove(resource.withMetadata(resource.metadata().withResourceVersion(Long.MAX_VALUE)));
    }
}
