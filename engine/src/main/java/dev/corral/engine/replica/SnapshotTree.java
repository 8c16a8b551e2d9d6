package dev.corral.engine.replica;

import java.io.IOException;
import java.util.List;

/**
 * The snapshots a replica keeps, as an operator manages them: the tree that reverts leave behind,
 * removing, reclaiming the space of removed ones, and going back to one. Taking a snapshot is part
 * of the write stream and lives in {@link ActiveChain}.
 */
public interface SnapshotTree {
    /** Every layer of the tree with its parent, parents before children, the head last. */
    List<LayerInfo> layers() throws IOException;

    /** Marks snapshot {@code name} removed (INVALID for the head or an unknown name). */
    void removeSnapshot(String name) throws IOException;

    /** Folds removed snapshots into their neighbours and frees their space; reads stay the same. */
    void purge() throws IOException;

    /** Drops the head and starts an empty one on snapshot {@code name}; the volume must be offline. */
    void revert(String name) throws IOException;
}
