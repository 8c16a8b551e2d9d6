package dev.corral.engine.replica;

import java.util.List;

/**
 * What a replica says about itself. {@code chain} lists the active layer names from the oldest
 * snapshot to the head (last). {@code revision} is 0 when the revision counter is disabled. {@code
 * rebuilding} is true from a prepared rebuild until it is finished, also across restarts. {@code
 * headModifiedMillis} (the head file's mtime, epoch milliseconds) and {@code headAllocatedBytes}
 * serve the salvage rule for replicas without a revision counter; 0 where unknown.
 */
public record ReplicaInfo(
        long size,
        String head,
        List<String> chain,
        boolean dirty,
        long revision,
        boolean rebuilding,
        long headModifiedMillis,
        long headAllocatedBytes) {
    public ReplicaInfo {
        chain = List.copyOf(chain);
    }

    /** A replica that is not rebuilding and reports nothing about its head file. */
    public ReplicaInfo(long size, String head, List<String> chain, boolean dirty, long revision) {
        this(size, head, chain, dirty, revision, false, 0, 0);
    }
}
