package dev.corral.api.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.corral.api.model.Volume;
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

    /** The fields of the short form; the server refuses any other, so that a misspelt option is not ignored. */
    public static final Set<String> FIELDS = Set.of(
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
}
