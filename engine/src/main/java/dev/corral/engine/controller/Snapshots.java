package dev.corral.engine.controller;

import dev.corral.engine.block.BlockIoException;
import dev.corral.engine.block.IoError;
import dev.corral.engine.replica.LayerInfo;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/**
 * A volume's snapshots, kept alike on every replica: create at one point of the write stream,
 * list (a tree: reverts leave branches), delete (mark removed), purge (reclaim the space of removed
 * ones) and revert (only while no client is attached, since the data changes under it).
 */
public final class Snapshots {
    private final String volume;
    private final WriteGate gate;
    private final FanOut fanOut;
    private final ReadBalancer reads;
    private final BooleanSupplier rebuildRunning;

    Snapshots(String volume, WriteGate gate, FanOut fanOut, ReadBalancer reads, BooleanSupplier rebuildRunning) {
        this.volume = volume;
        this.gate = gate;
        this.fanOut = fanOut;
        this.reads = reads;
        this.rebuildRunning = rebuildRunning;
    }

    /**
     * Takes snapshot {@code name} on every replica at one point of the write stream: writes in
     * flight are answered first, new ones wait until every replica has frozen its head.
     */
    public CompletableFuture<Void> create(String name) {
        return gate.holdAndDrain()
                .thenCompose(drained -> fanOut.toEveryWriter(connection -> connection.snapshot(name, true))
                        .whenComplete((ok, failure) -> gate.release()));
    }

    /** The layer tree, oldest first, as a RW replica has it. */
    public CompletableFuture<List<LayerInfo>> list() {
        return reads.fromAnyReadable(connection -> connection.layers());
    }

    /** Marks a snapshot removed; its space comes back with {@link #purge()}. */
    public CompletableFuture<Void> remove(String name) {
        return fanOut.toEveryWriter(connection -> connection.removeSnapshot(name));
    }

    /** Folds removed snapshots into their neighbours and frees their space; not during a rebuild. */
    public CompletableFuture<Void> purge() {
        if (rebuildRunning.getAsBoolean()) {
            return refused("purge waits until the rebuild of volume " + volume + " has finished");
        }
        return fanOut.toEveryWriter(connection -> connection.purge());
    }

    /** Makes the volume read as snapshot {@code name} again; the writes since are lost. */
    public CompletableFuture<Void> revert(String name, int attachedClients) {
        if (attachedClients > 0) {
            return refused("revert needs volume " + volume + " offline, but " + attachedClients
                    + " NBD client(s) are connected");
        }
        if (rebuildRunning.getAsBoolean()) {
            return refused("revert waits until the rebuild of volume " + volume + " has finished");
        }
        return gate.holdAndDrain()
                .thenCompose(drained -> fanOut.toEveryWriter(connection -> connection.revert(name))
                        .whenComplete((ok, failure) -> gate.release()));
    }

    private static CompletableFuture<Void> refused(String reason) {
        return CompletableFuture.failedFuture(new BlockIoException(IoError.INVALID, reason));
    }
}
