package dev.corral.engine.replica;

import java.io.IOException;

/**
 * A whole replica on local disk: every role a replica server answers for, over a writable head
 * layer and read-only snapshot layers. It adds nothing but closing; consumers take the role they
 * use, and a store for tests implements only the roles its tests exercise.
 */
public interface ReplicaStore extends BlockStore, ActiveChain, SnapshotTree, LayerSource, RebuildTarget, AutoCloseable {
    /** Syncs the data and records a clean shutdown; the store is unusable afterwards. */
    @Override
    void close() throws IOException;
}
