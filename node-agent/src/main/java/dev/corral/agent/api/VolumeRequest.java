package dev.corral.agent.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.corral.agent.model.ObjectMeta;
import dev.corral.agent.model.ResourceJson;
import dev.corral.agent.model.Volume;
import dev.corral.engine.util.ByteSize;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The short form of a new volume, {@code POST /v1/volumes}: a name, a size and whatever differs
 * from the cluster's defaults (null fields take the default from the Settings object).
 *
 * @param size bytes, or a number with a unit: "1Gi", "512Mi"
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VolumeRequest(
        String name,
        String size,
        Integer numberOfReplicas,
        Volume.DataLocality dataLocality,
        List<String> nodeSelector,
        List<String> diskSelector,
        Long staleReplicaTimeoutSeconds) {
    /** Longhorn's default, 2880 minutes: how long a failed replica is kept for reuse. */
    public static final long DEFAULT_STALE_REPLICA_TIMEOUT_SECONDS = 2880 * 60;

    private static final Set<String> FIELDS = Set.of(
            "name",
            "size",
            "numberOfReplicas",
            "dataLocality",
            "nodeSelector",
            "diskSelector",
            "staleReplicaTimeoutSeconds");

    public static VolumeRequest of(String name, long size) {
        return new VolumeRequest(name, Long.toString(size), null, null, null, null, null);
    }

    public VolumeRequest withNumberOfReplicas(Integer count) {
        return new VolumeRequest(
                name, size, count, dataLocality, nodeSelector, diskSelector, staleReplicaTimeoutSeconds);
    }

    public VolumeRequest withDataLocality(Volume.DataLocality locality) {
        return new VolumeRequest(
                name, size, numberOfReplicas, locality, nodeSelector, diskSelector, staleReplicaTimeoutSeconds);
    }

    /** Reads the short form; an unknown field is refused, so that a misspelt option is not ignored. */
    static VolumeRequest parse(JsonNode body) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!FIELDS.contains(field)) {
                throw ApiException.badRequest("unknown field \"" + field + "\"; a new volume takes "
                        + String.join(", ", FIELDS.stream().sorted().toList())
                        + " (or a full Volume resource with metadata and spec)");
            }
        }
        String name = RequestBodies.text(body, "name");
        long bytes = RequestBodies.size(body, "size");
        try {
            VolumeRequest request = ResourceJson.mapper().treeToValue(body, VolumeRequest.class);
            return new VolumeRequest(
                    name,
                    Long.toString(bytes),
                    request.numberOfReplicas,
                    request.dataLocality,
                    request.nodeSelector,
                    request.diskSelector,
                    request.staleReplicaTimeoutSeconds);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("not a valid volume request: " + e.getOriginalMessage());
        }
    }

    /** The volume this asks for, with the cluster's defaults filled in. */
    Volume toVolume(int defaultReplicaCount) {
        return new Volume(
                ObjectMeta.named(name),
                new Volume.Spec(
                        ByteSize.parse(size),
                        numberOfReplicas == null ? defaultReplicaCount : numberOfReplicas,
                        dataLocality,
                        staleReplicaTimeoutSeconds == null
                                ? DEFAULT_STALE_REPLICA_TIMEOUT_SECONDS
                                : staleReplicaTimeoutSeconds,
                        nodeSelector,
                        diskSelector,
                        ""),
                null);
    }
}
