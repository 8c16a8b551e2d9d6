package dev.corral.api.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A volume's controller (engine) on the node the volume is attached to. The control plane sets
 * which replicas it should have (by replica name, with their addresses); the node's agent starts
 * it, adds replicas (a rebuild) and reports the engine's view: modes, rebuilds, endpoint.
 */
public record Engine(ObjectMeta metadata, Spec spec, Status status) implements Resource {
    /** @param replicaAddresses replica name to HOST:PORT, the replicas the engine should use */
    public record Spec(
            String volumeName,
            String nodeId,
            long size,
            Map<String, String> replicaAddresses,
            InstanceState desireState) {
        public Spec {
            replicaAddresses = replicaAddresses == null ? Map.of() : Map.copyOf(replicaAddresses);
            desireState = desireState == null ? InstanceState.RUNNING : desireState;
        }

        public Spec withReplicaAddresses(Map<String, String> addresses) {
            return new Spec(volumeName, nodeId, size, addresses, desireState);
        }

        public Spec withSize(long newSize) {
            return new Spec(volumeName, nodeId, newSize, replicaAddresses, desireState);
        }
    }

    /** One replica's rebuild, as the engine reports it. */
    public record RebuildProgress(
            String source,
            String state,
            long bytesDone,
            long bytesTotal,
            long bytesSent,
            double bytesPerSecond,
            Double etaSeconds,
            String error,
            Instant startedAt) {}

    /**
     * @param endpoint the NBD URI clients connect to
     * @param instanceUrl the node API (of the instance process) that hosts the engine: its
     *     snapshots and statistics are served there, under {@code /v1/engines/{volume}}
     * @param replicaModes replica name to the engine's mode for it
     * @param rebuilds replica name to its rebuild (running or last finished)
     * @param size the size the engine serves now
     */
    // Objects stored before engines were driven through their node's API carry a controlUrl.
    @JsonIgnoreProperties("controlUrl")
    public record Status(
            InstanceState currentState,
            String endpoint,
            String instanceUrl,
            Map<String, ReplicaMode> replicaModes,
            Map<String, RebuildProgress> rebuilds,
            long size,
            List<Condition> conditions) {
        public Status {
            currentState = currentState == null ? InstanceState.STOPPED : currentState;
            endpoint = endpoint == null ? "" : endpoint;
            instanceUrl = instanceUrl == null ? "" : instanceUrl;
            replicaModes = replicaModes == null ? Map.of() : Map.copyOf(replicaModes);
            rebuilds = rebuilds == null ? Map.of() : Map.copyOf(rebuilds);
            conditions = conditions == null ? List.of() : List.copyOf(conditions);
        }

        public static Status initial() {
            return new Status(InstanceState.STOPPED, "", "", Map.of(), Map.of(), 0, List.of());
        }
    }

    public Engine {
        status = status == null ? Status.initial() : status;
    }

    public Engine withSpec(Spec newSpec) {
        return new Engine(metadata, newSpec, status);
    }

    public Engine withStatus(Status newStatus) {
        return new Engine(metadata, spec, newStatus);
    }

    @Override
    public Engine withMetadata(ObjectMeta newMetadata) {
        return new Engine(newMetadata, spec, status);
    }
}
