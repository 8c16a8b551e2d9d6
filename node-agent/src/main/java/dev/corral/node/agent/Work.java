package dev.corral.node.agent;

/** A unit of the agent's reconcile work, the key of its work queue (equal work is queued once). */
sealed interface Work {
    /** Bring the named replica, if it is this node's, in line with its spec (or clean up after it). */
    record OfReplica(String name) implements Work {}

    /** Bring the named engine, if it is this node's, in line with its spec (or stop it). */
    record OfEngine(String name) implements Work {}

    /** Remove replica directories on this node's disks that no replica names any more. */
    record OrphanSweep() implements Work {}
}
