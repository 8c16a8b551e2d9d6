package dev.corral.controlplane.scheduler;

import java.util.Map;
import java.util.stream.Collectors;

/** The scheduler's answer: where a replica goes, or why it can go nowhere. */
public sealed interface Placement {
    record Placed(String nodeId, String diskName, String diskPath) implements Placement {}

    /**
     * @param reasonsByNode for every node, why it cannot take the replica, e.g. {@code "disk
     *     /data has 1.2 GiB available; needs 25 % of 10 GiB free"}
     */
    record Unschedulable(Map<String, String> reasonsByNode) implements Placement {
        public Unschedulable {
            reasonsByNode = Map.copyOf(reasonsByNode);
        }

        /** One line for a condition message: "node-1: reason; node-2: reason", nodes in order. */
        public String message() {
            if (reasonsByNode.isEmpty()) {
                return "no nodes";
            }
            return reasonsByNode.entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .map(e -> e.getKey() + ": " + e.getValue())
                    .collect(Collectors.joining("; "));
        }
    }
}
