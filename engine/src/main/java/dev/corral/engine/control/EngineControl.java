package dev.corral.engine.control;

import dev.corral.engine.control.ControlMessages.VolumeView;
import dev.corral.engine.control.ControlRefusal.Reason;
import dev.corral.engine.controller.RebuildStatus;
import dev.corral.engine.controller.ReplicaMember.ReplicaStatus;
import dev.corral.engine.controller.VolumeController;
import dev.corral.engine.replica.LayerInfo;
import dev.corral.engine.stats.IoStats.VolumeStats;
import dev.corral.engine.util.HostPort;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The operations on one serving volume, typed: what the standalone controller's control API and a
 * node's API both serve, each through its own transport. Reads answer from memory at once; changes
 * complete when every replica has answered. Every failure, thrown or completed, is a {@link
 * ControlRefusal}.
 */
public final class EngineControl {
    private final VolumeController volume;
    private final String nbdUri;
    private final IntSupplier attachedClients;

    /**
     * @param nbdUri where clients reach the volume
     * @param attachedClients how many NBD clients are connected now (a revert needs none)
     */
    public EngineControl(VolumeController volume, String nbdUri, IntSupplier attachedClients) {
        this.volume = volume;
        this.nbdUri = nbdUri;
        this.attachedClients = attachedClients;
    }

    public String name() {
        return volume.name();
    }

    public long size() {
        return volume.size();
    }

    public String nbdUri() {
        return nbdUri;
    }

    public VolumeView view() {
        return new VolumeView(volume.name(), volume.size(), nbdUri, volume.replicas());
    }

    public List<ReplicaStatus> replicas() {
        return volume.replicas();
    }

    /** Rates over the last second, latency percentiles over the last ten, totals since the start. */
    public VolumeStats stats() {
        return volume.stats().snapshot();
    }

    /** The running or last rebuild; empty when none has run. */
    public Optional<RebuildStatus> rebuild() {
        return volume.rebuildStatus();
    }

    /**
     * Attaches the replica server at {@code address} as WO and starts its live rebuild; completes
     * with the rebuild's first status. {@code bandwidthLimit} in bytes/s, 0 for none.
     */
    public CompletableFuture<RebuildStatus> addReplica(String address, long bandwidthLimit) {
        return refusing(() -> {
            String checked = address("address", address);
            if (bandwidthLimit < 0) {
                throw invalid("bandwidthLimit must be 0 (none) or a positive number of bytes per second, got "
                        + bandwidthLimit);
            }
            return volume.addReplica(checked, bandwidthLimit);
        });
    }

    /** Takes the replica at {@code address} out of the volume; a rebuild of it stops. */
    public CompletableFuture<Void> removeReplica(String address) {
        return refusing(() -> volume.removeReplica(address("address", address)));
    }

    /** A snapshot on every replica at one point of the write stream. */
    public CompletableFuture<Void> createSnapshot(String name) {
        return refusing(() -> volume.snapshots().create(required("name", name)));
    }

    /** The layer tree, oldest first: user and system snapshots and the head. */
    public CompletableFuture<List<LayerInfo>> snapshots() {
        return refusing(() -> volume.snapshots().list());
    }

    /** Marks a snapshot removed; {@link #purgeSnapshots()} frees its space. */
    public CompletableFuture<Void> deleteSnapshot(String name) {
        return refusing(() -> volume.snapshots().remove(required("name", name)));
    }

    public CompletableFuture<Void> purgeSnapshots() {
        return refusing(() -> volume.snapshots().purge());
    }

    /**
     * Makes the volume read as snapshot {@code name} again. Refused as a conflict while NBD clients
     * are connected: the data would change under them, so they must disconnect first.
     */
    public CompletableFuture<Void> revert(String name) {
        return refusing(() -> {
            String snapshot = required("name", name);
            int clients = attachedClients.getAsInt();
            if (clients > 0) {
                throw new ControlRefusal(
                        Reason.CONFLICT,
                        "revert needs volume " + volume.name() + " offline, but " + clients
                                + " NBD client(s) are connected");
            }
            // The count is asked again inside: a client connecting meanwhile is still refused.
            return volume.snapshots().revert(snapshot, attachedClients.getAsInt());
        });
    }

    /** Grows the volume to {@code size} bytes while it serves. */
    public CompletableFuture<Void> expand(long size) {
        return refusing(() -> {
            if (size <= 0) {
                throw invalid("size must be the new size in bytes, got " + size);
            }
            return volume.expand(size);
        });
    }

    /** Runs {@code operation}; whatever it throws or fails with becomes a {@link ControlRefusal}. */
    private static <T> CompletableFuture<T> refusing(Supplier<CompletableFuture<T>> operation) {
        CompletableFuture<T> started;
        try {
            started = operation.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(ControlRefusal.of(e));
        }
        CompletableFuture<T> answer = new CompletableFuture<>();
        started.whenComplete((value, failure) -> {
            if (failure == null) {
                answer.complete(value);
            } else {
                answer.completeExceptionally(ControlRefusal.of(failure));
            }
        });
        return answer;
    }

    private static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw invalid(field + " is required");
        }
        return value;
    }

    /** HOST:PORT of a replica server, with a real port. */
    private static String address(String field, String value) {
        try {
            HostPort parsed = HostPort.parse(required(field, value));
            if (parsed.port() == 0) {
                throw invalid(field + " needs a port other than 0: " + value);
            }
            return parsed.toString();
        } catch (IllegalArgumentException e) {
            throw invalid(field + ": " + e.getMessage());
        }
    }

    private static ControlRefusal invalid(String message) {
        return new ControlRefusal(Reason.INVALID, message);
    }
}
