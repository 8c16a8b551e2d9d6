package dev.corral.engine.replica;

import java.time.Instant;

/**
 * One layer of a replica's layer tree, as listed by {@link SnapshotTree#layers()}. {@code parent}
 * is the name of the layer it was taken on top of (null for the oldest); {@code active} says it is
 * on the chain the volume reads through (head, its parent, and so on), false for branches a revert
 * left behind. {@code created} is when a snapshot was taken (for the head: when it was started),
 * {@code allocatedBytes} what its file occupies on disk.
 */
public record LayerInfo(
        String name,
        String parent,
        Instant created,
        boolean userCreated,
        boolean removed,
        long allocatedBytes,
        boolean active) {}
