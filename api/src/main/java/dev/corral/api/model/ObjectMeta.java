package dev.corral.api.model;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Kubernetes-shaped object metadata. {@code resourceVersion} is the store's revision at the
 * object's last write; an update must carry the version it read (optimistic concurrency).
 * {@code deletionTimestamp} marks an object whose deletion has been asked for and is being
 * carried out by a controller (a volume's replicas removed first).
 */
public record ObjectMeta(
        String name,
        long resourceVersion,
        String uid,
        Instant creationTimestamp,
        Instant deletionTimestamp,
        Map<String, String> labels) {

    public ObjectMeta {
        Objects.requireNonNull(name, "name");
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    public static ObjectMeta named(String name) {
        return new ObjectMeta(name, 0, null, null, null, Map.of());
    }

    public static ObjectMeta named(String name, Map<String, String> labels) {
        return new ObjectMeta(name, 0, null, null, null, labels);
    }

    public ObjectMeta withResourceVersion(long version) {
        return new ObjectMeta(name, version, uid, creationTimestamp, deletionTimestamp, labels);
    }

    public ObjectMeta withCreation(String newUid, Instant created) {
        return new ObjectMeta(name, resourceVersion, newUid, created, deletionTimestamp, labels);
    }

    public ObjectMeta withDeletionTimestamp(Instant when) {
        return new ObjectMeta(name, resourceVersion, uid, creationTimestamp, when, labels);
    }

    public boolean deleting() {
        return deletionTimestamp != null;
    }
}
