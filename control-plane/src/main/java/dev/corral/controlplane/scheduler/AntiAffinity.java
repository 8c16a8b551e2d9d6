package dev.corral.controlplane.scheduler;

import dev.corral.api.model.Node;
import dev.corral.api.model.Replica;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a volume's replicas are now: the nodes and zones a new replica should avoid. Failed replicas
 * count: their node may come back with the data, and two copies on one machine are one failure
 * away from none.
 *
 * @param nodes names of the nodes that hold a replica of the volume
 * @param zones non-empty zones of those nodes (an empty zone means "no zone", never shared)
 */
record AntiAffinity(Set<String> nodes, Set<String> zones) {
    AntiAffinity {
        nodes = Set.copyOf(nodes);
        zones = Set.copyOf(zones);
    }

    static AntiAffinity of(List<Replica> volumeReplicas, List<Node> clusterNodes) {
        Map<String, String> zoneByNode = new HashMap<>();
        for (Node node : clusterNodes) {
            zoneByNode.put(node.name(), node.spec().zone());
        }
        Set<String> nodes = new HashSet<>();
        Set<String> zones = new HashSet<>();
        for (Replica replica : volumeReplicas) {
            String nodeId = replica.spec().nodeId();
            if (nodeId == null || nodeId.isEmpty()) {
                continue;
            }
            nodes.add(nodeId);
            // A replica on a node that left the cluster has no zone we know of.
            String zone = zoneByNode.getOrDefault(nodeId, "");
            if (!zone.isEmpty()) {
                zones.add(zone);
            }
        }
        return new AntiAffinity(nodes, zones);
    }

    AffinityTier tier(Node node) {
        String zone = node.spec().zone();
        return AffinityTier.of(nodes.contains(node.name()), !zone.isEmpty() && zones.contains(zone));
    }
}
