package dev.corral.console.nodes;

import dev.corral.api.model.Condition;
import dev.corral.api.model.Node;
import java.util.List;
import java.util.Map;

/**
 * A node as the nodes screen shows it.
 *
 * @param readiness "ready", or why not (the Ready condition's reason and message)
 */
public record NodeRow(
        String name,
        String address,
        boolean ready,
        String readiness,
        boolean schedulingAllowed,
        boolean evictionRequested,
        int replicas,
        List<DiskRow> disks) {

    /** One disk: bytes in use on its filesystem, bytes of volumes scheduled onto it, its size. */
    public record DiskRow(String name, String path, long used, long scheduled, long size) {
        public double usedFraction() {
            return size > 0 ? Math.min(1, (double) used / size) : 0;
        }

        public double scheduledFraction() {
            return size > 0 ? Math.min(1, (double) scheduled / size) : 0;
        }
    }

    static NodeRow of(Node node, int replicas) {
        Condition ready = Condition.find(node.status().conditions(), Node.READY);
        String readiness = node.ready()
                ? "ready"
                : ready == null
                        ? "not reported yet"
                        : (ready.reason() + (ready.message().isBlank() ? "" : ": " + ready.message()));
        List<DiskRow> disks = node.status().disks().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> new DiskRow(
                        e.getKey(),
                        e.getValue().path(),
                        e.getValue().storageMaximum() - e.getValue().storageAvailable(),
                        e.getValue().storageScheduled(),
                        e.getValue().storageMaximum()))
                .toList();
        return new NodeRow(
                node.name(),
                node.spec().address(),
                node.ready(),
                readiness,
                node.spec().allowScheduling(),
                node.spec().evictionRequested(),
                replicas,
                disks);
    }
}
