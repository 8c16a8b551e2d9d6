package dev.corral.engine.replica;

import java.util.List;

/**
 * What a replica says about itself. {@code chain} lists layer names from the oldest snapshot to
 * the head (last). {@code revision} is 0 when the revision counter is disabled.
 */
public record ReplicaInfo(long size, String head, List<String> chain, boolean dirty, long revision) {
    public ReplicaInfo {
        chain = List.copyOf(chain);
    }
}
