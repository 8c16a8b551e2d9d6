package dev.corral.engine.replica.store;

/**
 * One layer as persisted in the replica metadata. {@code file} is the layer's stable file name
 * (never renamed); {@code name} is the snapshot name, or {@link ReplicaMetadata#HEAD_NAME} for the
 * head; {@code parent} is the file of the layer it was taken on top of (null for the oldest);
 * {@code created} is an ISO-8601 instant: when the head was started, or when a snapshot was taken.
 */
record LayerRecord(String name, String file, String parent, String created, boolean userCreated, boolean removed) {
    LayerRecord asSnapshot(String snapshotName, String takenAt, boolean byUser) {
        return new LayerRecord(snapshotName, file, parent, takenAt, byUser, removed);
    }

    LayerRecord withRemoved(boolean nowRemoved) {
        return new LayerRecord(name, file, parent, created, userCreated, nowRemoved);
    }

    LayerRecord withParent(String newParent) {
        return new LayerRecord(name, file, newParent, created, userCreated, removed);
    }

    /** This layer's file carrying {@code other}'s identity: what a coalesce leaves. */
    LayerRecord withIdentityOf(LayerRecord other) {
        return new LayerRecord(other.name, file, parent, other.created, other.userCreated, other.removed);
    }

    boolean isHead() {
        return ReplicaMetadata.HEAD_NAME.equals(name);
    }
}
