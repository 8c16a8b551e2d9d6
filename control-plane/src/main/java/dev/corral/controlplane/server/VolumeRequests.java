package dev.corral.controlplane.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.corral.api.model.ObjectMeta;
import dev.corral.api.model.ResourceJson;
import dev.corral.api.model.Volume;
import dev.corral.api.v1.VolumeRequest;
import java.util.Iterator;

/** The short form of a new volume, read at the door and turned into a Volume with the cluster's defaults. */
final class VolumeRequests {
    private VolumeRequests() {}

    /** Reads the short form; an unknown field is refused, so that a misspelt option is not ignored. */
    static VolumeRequest parse(JsonNode body) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!VolumeRequest.FIELDS.contains(field)) {
                throw ApiException.badRequest("unknown field \"" + field + "\"; a new volume takes "
                        + String.join(
                                ", ", VolumeRequest.FIELDS.stream().sorted().toList())
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
                    request.numberOfReplicas(),
                    request.dataLocality(),
                    request.nodeSelector(),
                    request.diskSelector(),
                    request.staleReplicaTimeoutSeconds());
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("not a valid volume request: " + e.getOriginalMessage());
        }
    }

    /** The volume a parsed request asks for, with the cluster's defaults filled in. */
    static Volume toVolume(VolumeRequest request, int defaultReplicaCount) {
        return new Volume(
                ObjectMeta.named(request.name()),
                new Volume.Spec(
                        Long.parseLong(request.size()),
                        request.numberOfReplicas() == null ? defaultReplicaCount : request.numberOfReplicas(),
                        request.dataLocality(),
                        request.staleReplicaTimeoutSeconds() == null
                                ? VolumeRequest.DEFAULT_STALE_REPLICA_TIMEOUT_SECONDS
                                : request.staleReplicaTimeoutSeconds(),
                        request.nodeSelector(),
                        request.diskSelector(),
                        ""),
                null);
    }
}
