package dev.corral.controlplane.scheduler;

import dev.corral.api.model.Replica;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Volume size already placed on each disk, summed from the replicas themselves. DiskStatus has a
 * storageScheduled too, but the agent reports it on its heartbeat, so it lags the replicas this
 * control plane has just created; counting replicas keeps two placements in one reconcile pass from
 * both taking the same last free bytes.
 */
record ScheduledSpace(Map<DiskKey, Long> bytesByDisk) {
    record DiskKey(String nodeId, String diskName) {}

    ScheduledSpace {
        bytesByDisk = Map.copyOf(bytesByDisk);
    }

    /**
     * @param clusterReplicas every replica of every volume
     * @param volumeReplicas the volume's replicas; any missing from {@code clusterReplicas} (a caller
     *     that built the snapshot before creating one) are counted too, each replica once by name
     */
    static ScheduledSpace of(List<Replica> clusterReplicas, List<Replica> volumeReplicas) {
        Map<String, Replica> byName = new LinkedHashMap<>();
        for (Replica replica : clusterReplicas) {
            byName.put(replica.name(), replica);
        }
        for (Replica replica : volumeReplicas) {
            byName.putIfAbsent(replica.name(), replica);
        }
        Map<DiskKey, Long> bytes = new HashMap<>();
        for (Replica replica : byName.values()) {
            Replica.Spec spec = replica.spec();
            if (spec.nodeId() == null || spec.diskName() == null || spec.size() <= 0) {
                continue;
            }
            bytes.merge(new DiskKey(spec.nodeId(), spec.diskName()), spec.size(), DiskSpace::saturatingAdd);
        }
        return new ScheduledSpace(bytes);
    }

    long on(String nodeId, String diskName) {
        return bytesByDisk.getOrDefault(new DiskKey(nodeId, diskName), 0L);
    }
}
