package dev.corral.engine.replica;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** {@link SnapshotTree} of a remote replica (the volume must be offline for revert). */
public interface RemoteSnapshotTree {
    /** The layer tree, parents before children, the head last. */
    CompletableFuture<List<LayerInfo>> layers();

    CompletableFuture<Void> removeSnapshot(String name);

    CompletableFuture<Void> purge();

    CompletableFuture<Void> revert(String name);
}
