package dev.corral.engine.replica.store;

import java.time.Instant;

/**
 * One layer of a replica, oldest first in {@link LayeredReplicaStore#layers()}; the last one is the
 * writable head. {@code created} is when a snapshot was taken (for the head: when it was started),
 * {@code allocatedBytes} what its file occupies on disk.
 */
public record LayerInfo(String name, Instant created, boolean userCreated, boolean removed, long allocatedBytes) {}
