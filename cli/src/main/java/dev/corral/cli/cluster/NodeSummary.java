package dev.corral.cli.cluster;

import dev.corral.api.model.Condition;
import dev.corral.api.model.Node;
import dev.corral.api.model.Replica;
import java.util.List;

/**
 * A node as {@code node list} shows it: the table prints these fields and {@code -o json} writes
 * them, with the whole resource beside them.
 *
 * @param ready the Ready condition's status: True, False or Unknown
 * @param readyReason why it is not ready ("NodeDown"), empty when ready
 * @param replicas how many replicas are placed on it
 * @param storageAvailable bytes free on its disks together
 * @param storageMaximum bytes its disks hold together
 */
record NodeSummary(
        String name,
        String ready,
        String readyReason,
        boolean allowScheduling,
        boolean evictionRequested,
        String address,
        String zone,
        List<String> tags,
        long replicas,
        long storageAvailable,
        long storageMaximum,
        Node node) {

    static NodeSummary of(Node n, List<Replica> replicas) {
        Condition ready = Condition.find(n.status().conditions(), Node.READY);
        long available = 0;
        long maximum = 0;
        for (Node.DiskStatus disk : n.status().disks().values()) {
            available += disk.storageAvailable();
            maximum += disk.storageMaximum();
        }
        return new NodeSummary(
                n.name(),
                ready == null ? "Unknown" : ready.status().name(),
                ready == null || ready.isTrue() ? "" : ready.reason(),
                n.spec().allowScheduling(),
                n.spec().evictionRequested(),
                n.spec().address(),
                n.spec().zone(),
                n.spec().tags(),
                replicas.stream()
                        .filter(r -> n.name().equals(r.spec().nodeId()))
                        .count(),
                available,
                maximum,
                n);
    }
}
