package dev.corral.engine.replica;

import java.io.IOException;

/**
 * A replica's active chain (the head and the snapshots it reads through) as the controller sees
 * and shapes it: what the replica holds, which decides at start whether it may serve, and the two
 * changes the controller makes on every replica at one held point of the write stream.
 */
public interface ActiveChain {
    /** Size, chain, dirty flag and revision: what the salvage rule compares between replicas. */
    ReplicaInfo info();

    /**
     * Freezes the head as a read-only snapshot named {@code name} and starts a new head;
     * {@code userCreated} is false for snapshots the system takes (a rebuild's starting point).
     */
    void snapshot(String name, boolean userCreated) throws IOException;

    /** Grows the volume; shrinking is refused with INVALID. */
    void grow(long newSize) throws IOException;
}
