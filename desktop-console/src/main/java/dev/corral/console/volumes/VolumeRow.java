package dev.corral.console.volumes;

import dev.corral.api.model.Condition;
import dev.corral.api.model.InstanceState;
import dev.corral.api.model.Replica;
import dev.corral.api.model.ReplicaMode;
import dev.corral.api.model.Volume;
import java.util.List;

/**
 * One line of the volumes table.
 *
 * @param replicasRunning replicas served now (RW in the engine while attached)
 * @param problem the server's reason when a condition fails (why replicas cannot be scheduled),
 *     empty when none
 */
public record VolumeRow(
        String name,
        Volume.State state,
        Volume.Robustness robustness,
        long size,
        long actualSize,
        int replicasRunning,
        int replicasDesired,
        String attachedNode,
        String endpoint,
        String problem) {

    public static VolumeRow of(Volume volume, List<Replica> replicas) {
        boolean attached = volume.status().state() == Volume.State.ATTACHED;
        int running = (int) replicas.stream()
                .filter(r -> attached
                        ? r.status().mode() == ReplicaMode.RW
                        // As the control plane counts them: a failed replica's last report may say running.
                        : r.spec().failedAt() == null && r.status().currentState() == InstanceState.RUNNING)
                .count();
        String problem = volume.status().conditions().stream()
                .filter(c ->
                        c.status() == Condition.Status.False && !c.message().isBlank())
                .map(Condition::message)
                .findFirst()
                .orElse("");
        return new VolumeRow(
                volume.name(),
                volume.metadata().deleting()
                        ? Volume.State.DELETING
                        : volume.status().state(),
                volume.status().robustness(),
                volume.spec().size(),
                volume.status().actualSize(),
                running,
                volume.spec().numberOfReplicas(),
                volume.status().currentNodeId(),
                volume.status().endpoint(),
                problem);
    }

    public String replicasText() {
        return replicasRunning + "/" + replicasDesired;
    }
}
