package dev.corral.engine.control;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.corral.engine.controller.ReplicaMember.ReplicaStatus;
import java.util.List;

/** The JSON bodies of the standalone control API, shared by {@link ControlApi} and {@link ControlClient}. */
public final class ControlMessages {
    private ControlMessages() {}

    /** {@code GET /v1/volume}: what the controller serves and where. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record VolumeView(String name, long size, String nbd, List<ReplicaStatus> replicas) {
        public VolumeView {
            replicas = replicas == null ? List.of() : List.copyOf(replicas);
        }
    }

    /** {@code POST /v1/replicas}: attach a replica server and rebuild it; {@code bandwidthLimit} bytes/s, 0 for none. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AddReplicaRequest(String address, long bandwidthLimit) {}

    /** {@code POST /v1/snapshots}, {@code POST /v1/actions/revert}, and the answer of a create. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record SnapshotName(String name) {}

    /** {@code POST /v1/actions/expand}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ExpandRequest(long size) {}

    /** Every 4xx and 5xx answer: the reason to show, and which kind of refusal it is. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ErrorBody(String error, ControlRefusal.Reason code) {}
}
