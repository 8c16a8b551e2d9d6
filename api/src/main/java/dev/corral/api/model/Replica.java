package dev.corral.api.model;

import java.time.Instant;
import java.util.List;

/**
 * One copy of a volume on one node's disk. The control plane decides (spec); the node's agent runs
 * it in the node's instance process and reports where it listens (status); the engine's view of
 * it (RW, WO, ERR) is copied into {@code status.mode}.
 */
public record Replica(ObjectMeta metadata, Spec spec, Status status) implements Resource {
    /**
     * @param dataDirectory where the replica's layer files live on the node
     * @param desireState running, or stopped (kept on disk, not served)
     * @param healthyAt when the replica last became RW in its engine (null: never)
     * @param failedAt when it last failed (null: not failed since it was last healthy)
     */
    public record Spec(
            String volumeName,
            String nodeId,
            String diskName,
            String dataDirectory,
            long size,
            InstanceState desireState,
            Instant healthyAt,
            Instant failedAt) {
        public Spec {
            desireState = desireState == null ? InstanceState.RUNNING : desireState;
        }

        public Spec withFailedAt(Instant when) {
            return new Spec(volumeName, nodeId, diskName, dataDirectory, size, desireState, healthyAt, when);
        }

        public Spec withHealthyAt(Instant when) {
            return new Spec(volumeName, nodeId, diskName, dataDirectory, size, desireState, when, failedAt);
        }

        public Spec withSize(long newSize) {
            return new Spec(volumeName, nodeId, diskName, dataDirectory, newSize, desireState, healthyAt, failedAt);
        }

        public Spec withDesireState(InstanceState state) {
            return new Spec(volumeName, nodeId, diskName, dataDirectory, size, state, healthyAt, failedAt);
        }
    }

    /**
     * @param address HOST:PORT of the replica server while running
     * @param mode the engine's view, null while the volume is detached or the replica not in it
     */
    public record Status(InstanceState currentState, String address, ReplicaMode mode, List<Condition> conditions) {
        public Status {
            currentState = currentState == null ? InstanceState.STOPPED : currentState;
            address = address == null ? "" : address;
            conditions = conditions == null ? List.of() : List.copyOf(conditions);
        }

        public static Status initial() {
            return new Status(InstanceState.STOPPED, "", null, List.of());
        }

        public Status withMode(ReplicaMode newMode) {
            return new Status(currentState, address, newMode, conditions);
        }
    }

    public Replica {
        status = status == null ? Status.initial() : status;
    }

    public Replica withSpec(Spec newSpec) {
        return new Replica(metadata, newSpec, status);
    }

    public Replica withStatus(Status newStatus) {
        return new Replica(metadata, spec, newStatus);
    }

    @Override
    public Replica withMetadata(ObjectMeta newMetadata) {
        return new Replica(newMetadata, spec, status);
    }
}
