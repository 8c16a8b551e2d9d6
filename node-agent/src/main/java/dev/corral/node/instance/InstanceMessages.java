package dev.corral.node.instance;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.corral.engine.controller.RebuildStatus;
import dev.corral.engine.controller.ReplicaMode;
import java.util.List;

/** The JSON bodies of the instance process's HTTP API, shared by the server and its client. */
public final class InstanceMessages {
    private InstanceMessages() {}

    /** GET /v1/health: the pid lets an agent tell its instance from a process that reused the port. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Health(String status, long pid, int replicas, int engines) {}

    /** POST /v1/replicas: serve the replica in {@code dir}, created with {@code size} when empty. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ReplicaRequest(String name, String dir, long size) {}

    /** A running replica server; {@code size} is the replica's own (an existing one keeps its size). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ReplicaView(String name, String dir, String address, long size) {}

    /** POST /v1/engines: serve {@code volume} from the replica servers at these HOST:PORTs. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record EngineRequest(String volume, long size, List<String> replicas) {
        public EngineRequest {
            replicas = replicas == null ? List.of() : List.copyOf(replicas);
        }
    }

    /** One replica as a running engine sees it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record EngineReplica(String address, ReplicaMode mode, String failureReason) {}

    /**
     * A running engine: where clients connect, its control API, its replicas and the running or
     * last rebuild (null when none ran).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record EngineView(
            String volume,
            long size,
            String endpoint,
            String controlUrl,
            List<EngineReplica> replicas,
            RebuildStatus rebuild) {
        public EngineView {
            replicas = replicas == null ? List.of() : List.copyOf(replicas);
        }

        public boolean rebuilding() {
            return rebuild != null
                    && (rebuild.state() == RebuildStatus.State.RUNNING
                            || rebuild.state() == RebuildStatus.State.VERIFYING);
        }
    }

    /** POST /v1/engines/{volume}/replicas: add a replica server (a live rebuild). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AddReplicaRequest(String address) {}

    /** POST /v1/engines/{volume}/expand. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ExpandRequest(long size) {}

    /** Every 4xx and 5xx answer. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ErrorBody(String error) {}
}
