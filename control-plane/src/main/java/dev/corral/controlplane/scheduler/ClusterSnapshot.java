package dev.corral.controlplane.scheduler;

import dev.corral.api.model.Node;
import dev.corral.api.model.Replica;
import dev.corral.api.model.Settings;
import java.util.List;

/** What the scheduler may look at: every node, every replica of every volume, the settings. */
public record ClusterSnapshot(List<Node> nodes, List<Replica> replicas, Settings.Spec settings) {
    public ClusterSnapshot {
        nodes = List.copyOf(nodes);
        replicas = List.copyOf(replicas);
    }
}
