package dev.corral.cli.cluster;

import dev.corral.api.model.Replica;
import dev.corral.api.model.Volume;
import java.util.List;

/**
 * A volume as {@code volume list} shows it: the table prints these fields and {@code -o json}
 * writes them, with the whole resource beside them.
 *
 * @param state as shown: "deleting" once marked for deletion, else the status' state
 * @param size in bytes
 * @param replicasRunning replicas that run and have not failed
 * @param node where it is attached, or asked to be
 */
record VolumeSummary(
        String name,
        String state,
        String robustness,
        long size,
        long replicasRunning,
        int replicasDesired,
        String node,
        String endpoint,
        Volume volume) {

    static VolumeSummary of(Volume v, List<Replica> replicas) {
        return new VolumeSummary(
                v.name(),
                VolumeViews.state(v),
                VolumeViews.lower(v.status().robustness()),
                v.spec().size(),
                VolumeViews.running(v, replicas),
                v.spec().numberOfReplicas(),
                VolumeViews.node(v),
                v.status().endpoint(),
                v);
    }
}
