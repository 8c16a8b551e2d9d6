package dev.corral.engine.replica;

import java.util.concurrent.CompletableFuture;

/** {@link ActiveChain} of a remote replica. */
public interface RemoteChain {
    CompletableFuture<ReplicaInfo> info();

    /** {@code userCreated} is false for snapshots the system takes (a rebuild's starting point). */
    CompletableFuture<Void> snapshot(String name, boolean userCreated);

    /** Grows the replica to {@code newSize} bytes (INVALID for a shrink). */
    CompletableFuture<Void> grow(long newSize);
}
