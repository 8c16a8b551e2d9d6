package dev.corral.engine.controller;

import dev.corral.engine.block.BlockIoException;
import dev.corral.engine.block.IoError;
import dev.corral.engine.replica.ReplicaConnection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * Replicas joining and leaving a serving volume: attaching one as WO at a system snapshot and
 * starting its {@link Rebuild}, and removing one. At most one rebuild runs per volume.
 */
final class ReplicaAttachments {
    private final String name;
    private final LongSupplier size; // the volume can grow
    private final ReplicaConnector connector;
    private final ReplicaSet replicas;
    private final WriteGate gate;
    private final FanOut fanOut;
    private Rebuild rebuild; // the current or last one; guarded by this

    ReplicaAttachments(
            String name,
            LongSupplier size,
            ReplicaConnector connector,
            ReplicaSet replicas,
            WriteGate gate,
            FanOut fanOut) {
        this.name = name;
        this.size = size;
        this.connector = connector;
        this.replicas = replicas;
        this.gate = gate;
        this.fanOut = fanOut;
    }

    synchronized boolean rebuildRunning() {
        return rebuild != null && rebuild.running();
    }

    /**
     * Attaches the replica server at {@code address} (empty, stale or half-rebuilt) as WO and starts
     * rebuilding it in the background: a system snapshot on every replica marks the point from which
     * its head receives live writes; the layers below are copied from a RW replica, only what
     * differs. At most one rebuild runs per volume. {@code bandwidthLimit} in bytes/s, 0 for none.
     */
    CompletableFuture<RebuildStatus> add(String address, long bandwidthLimit) {
        synchronized (this) {
            if (rebuild != null && rebuild.running()) {
                return CompletableFuture.failedFuture(new BlockIoException(
                        IoError.INVALID,
                        "a rebuild is already running, of " + rebuild.target().address()));
            }
        }
        if (replicas.statuses().stream().anyMatch(r -> r.address().equals(address) && r.mode() != ReplicaMode.ERR)) {
            return CompletableFuture.failedFuture(
                    new BlockIoException(IoError.INVALID, "replica " + address + " is already part of " + name));
        }
        return connector
                .connect(address)
                .thenCompose(connection -> connection.info().thenCompose(info -> {
                    long volumeSize = size.getAsLong();
                    if (info.size() > volumeSize) {
                        connection.close();
                        return CompletableFuture.failedFuture(new BlockIoException(
                                IoError.INVALID,
                                "replica size " + info.size() + " is larger than volume size " + volumeSize));
                    }
                    // A replica that missed an expansion: its data is about to be replaced, its size first.
                    CompletableFuture<Void> sized = info.size() < volumeSize
                            ? connection.grow(volumeSize).whenComplete((ok, failure) -> {
                                if (failure != null) {
                                    connection.close();
                                }
                            })
                            : CompletableFuture.completedFuture(null);
                    return sized.thenCompose(grown -> gate.holdAndDrain())
                            .thenCompose(drained -> attach(address, connection, bandwidthLimit)
                                    .whenComplete((ok, failure) -> gate.release()));
                }));
    }

    /** With the write stream held: snapshot, prepare the target, add it as WO, start copying. */
    private CompletableFuture<RebuildStatus> attach(String address, ReplicaConnection connection, long limit) {
        String snapshot = "rebuild-" + System.currentTimeMillis();
        List<ReplicaMember> readable = replicas.readable();
        if (readable.isEmpty()) {
            return CompletableFuture.failedFuture(FanOut.noHealthyReplica(name));
        }
        ReplicaMember source = readable.getFirst();
        return fanOut.toEveryWriter(c -> c.snapshot(snapshot, false))
                .thenCompose(ok -> source.connection().layers())
                .thenCompose(layers -> {
                    RebuildPlan plan = RebuildPlan.of(layers);
                    return connection.prepareRebuild(plan.chain()).thenApply(prepared -> {
                        ReplicaMember target = new ReplicaMember(address, connection, ReplicaMode.WO);
                        replicas.removeFailed(address);
                        replicas.add(target);
                        Rebuild started = new Rebuild(
                                name,
                                size.getAsLong(),
                                replicas,
                                target,
                                source,
                                plan.chain(),
                                plan.bytesTotal(),
                                limit);
                        synchronized (this) {
                            rebuild = started;
                        }
                        started.start();
                        return started.status();
                    });
                });
    }

    /** The running or last rebuild, if any. */
    synchronized Optional<RebuildStatus> rebuildStatus() {
        return Optional.ofNullable(rebuild).map(Rebuild::status);
    }

    /** Takes a replica out of the volume; a rebuild of it stops. */
    CompletableFuture<Void> remove(String address) {
        synchronized (this) {
            if (rebuild != null
                    && rebuild.running()
                    && rebuild.target().address().equals(address)) {
                rebuild.cancel();
            }
        }
        if (!replicas.remove(address)) {
            return CompletableFuture.failedFuture(
                    new BlockIoException(IoError.INVALID, "no replica " + address + " in volume " + name));
        }
        return CompletableFuture.completedFuture(null);
    }
}
