package dev.corral.controlplane.scheduler;

import dev.corral.api.model.Replica;
import dev.corral.api.model.Volume;
import java.util.List;

/**
 * Chooses the node and disk for one new replica of a volume. A pure function of what it is given,
 * so that the control plane can ask it on every reconcile and property tests can ask it about any
 * cluster shape.
 */
public interface ReplicaScheduler {
    /**
     * @param volume the volume that needs one more replica
     * @param volumeReplicas the volume's replicas that exist now (failed ones included: a node that
     *     holds a failed replica of the volume still counts for anti-affinity)
     * @param cluster every node, every replica (for disk space already scheduled), the settings
     * @param preferredNode a node to place on if it is eligible (data locality), or null
     */
    Placement place(Volume volume, List<Replica> volumeReplicas, ClusterSnapshot cluster, String preferredNode);
}
