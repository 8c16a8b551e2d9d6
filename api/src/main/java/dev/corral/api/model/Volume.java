package dev.corral.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * A replicated block volume. Spec: what the operator asked for, including where it should be
 * attached ({@code nodeId}, empty when detached). Status: where it is, how healthy, and why (the
 * {@code Scheduled} condition names, per node, why a replica could not be placed).
 */
public record Volume(ObjectMeta metadata, Spec spec, Status status) implements Resource {
    public static final String SCHEDULED = "Scheduled";

    public enum DataLocality {
        @JsonProperty("disabled")
        DISABLED,
        @JsonProperty("best-effort")
        BEST_EFFORT
    }

    public enum State {
        @JsonProperty("creating")
        CREATING,
        @JsonProperty("detached")
        DETACHED,
        @JsonProperty("attaching")
        ATTACHING,
        @JsonProperty("attached")
        ATTACHED,
        @JsonProperty("detaching")
        DETACHING,
        @JsonProperty("deleting")
        DELETING
    }

    public enum Robustness {
        @JsonProperty("healthy")
        HEALTHY,
        @JsonProperty("degraded")
        DEGRADED,
        @JsonProperty("faulted")
        FAULTED,
        @JsonProperty("unknown")
        UNKNOWN
    }

    /**
     * @param size bytes, a multiple of 4096
     * @param staleReplicaTimeoutSeconds how long a failed replica is kept before it is deleted
     * @param nodeSelector tags a node must have to hold a replica
     * @param diskSelector tags a disk must have to hold a replica
     * @param nodeId the node to attach on; empty means detached
     */
    public record Spec(
            long size,
            int numberOfReplicas,
            DataLocality dataLocality,
            long staleReplicaTimeoutSeconds,
            List<String> nodeSelector,
            List<String> diskSelector,
            String nodeId) {
        public Spec {
            dataLocality = dataLocality == null ? DataLocality.DISABLED : dataLocality;
            nodeSelector = nodeSelector == null ? List.of() : List.copyOf(nodeSelector);
            diskSelector = diskSelector == null ? List.of() : List.copyOf(diskSelector);
            nodeId = nodeId == null ? "" : nodeId;
        }

        public Spec withNodeId(String node) {
            return new Spec(
                    size, numberOfReplicas, dataLocality, staleReplicaTimeoutSeconds, nodeSelector, diskSelector, node);
        }

        public Spec withSize(long newSize) {
            return new Spec(
                    newSize,
                    numberOfReplicas,
                    dataLocality,
                    staleReplicaTimeoutSeconds,
                    nodeSelector,
                    diskSelector,
                    nodeId);
        }

        public Spec withNumberOfReplicas(int count) {
            return new Spec(size, count, dataLocality, staleReplicaTimeoutSeconds, nodeSelector, diskSelector, nodeId);
        }
    }

    /**
     * @param currentNodeId the node the volume is attached on now, empty when detached
     * @param endpoint the NBD URI while attached
     * @param actualSize bytes allocated on the replicas' disks (largest replica)
     * @param lastDegradedAt when the volume last became degraded, null when healthy
     */
    public record Status(
            State state,
            Robustness robustness,
            String currentNodeId,
            String endpoint,
            long actualSize,
            List<Condition> conditions,
            Instant lastDegradedAt) {
        public Status {
            state = state == null ? State.CREATING : state;
            robustness = robustness == null ? Robustness.UNKNOWN : robustness;
            currentNodeId = currentNodeId == null ? "" : currentNodeId;
            endpoint = endpoint == null ? "" : endpoint;
            conditions = conditions == null ? List.of() : List.copyOf(conditions);
        }

        public static Status initial() {
            return new Status(State.CREATING, Robustness.UNKNOWN, "", "", 0, List.of(), null);
        }
    }

    public Volume {
        status = status == null ? Status.initial() : status;
    }

    public Volume withSpec(Spec newSpec) {
        return new Volume(metadata, newSpec, status);
    }

    public Volume withStatus(Status newStatus) {
        return new Volume(metadata, spec, newStatus);
    }

    @Override
    public Volume withMetadata(ObjectMeta newMetadata) {
        return new Volume(newMetadata, spec, status);
    }
}
