package dev.corral.api.v1;

import java.time.Instant;

/**
 * One layer of a volume's snapshot tree, {@code GET /v1/volumes/{name}/snapshots}. {@code parent}
 * is the layer it was taken on top of (null for the oldest); {@code active} says it is on the chain
 * the volume reads through (the head, its parent, and so on), false for a branch a revert left
 * behind; {@code created} is when it was taken (for the head: when it was started) and
 * {@code allocatedBytes} what its file occupies on disk.
 */
public record SnapshotInfo(
        String name,
        String parent,
        Instant created,
        boolean userCreated,
        boolean removed,
        long allocatedBytes,
        boolean active) {}
