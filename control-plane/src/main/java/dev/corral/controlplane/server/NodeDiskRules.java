package dev.corral.controlplane.server;

import dev.corral.api.model.DiskLayout;
import dev.corral.api.model.Node;
import java.util.Map;
import java.util.Optional;

/**
 * A Node's disk paths, checked when a Node is created and whenever a disk's path changes: an agent
 * creates and deletes replica directories below them, so a disk of {@code /} or {@code /etc} would
 * put the system's files within its reach. The rules are {@link DiskLayout#diskPathProblem}'s.
 */
final class NodeDiskRules {
    private NodeDiskRules() {}

    /** @param stored the Node as stored before this write, empty for a new one */
    static void check(Node node, Optional<Node> stored) {
        if (node.spec() == null) {
            throw ApiException.badRequest("node " + node.name() + " needs a spec");
        }
        Map<String, Node.DiskSpec> before = stored.map(n -> n.spec().disks()).orElse(Map.of());
        node.spec().disks().forEach((name, disk) -> {
            if (name == null || name.isBlank()) {
                throw ApiException.badRequest("node " + node.name() + " has a disk without a name");
            }
            if (disk == null) {
                throw ApiException.badRequest("disk " + name + " of node " + node.name() + " needs a spec");
            }
            Node.DiskSpec old = before.get(name);
            if (old != null && old.path() != null && old.path().equals(disk.path())) {
                return; // unchanged: an object stored before these rules still takes status writes
            }
            DiskLayout.diskPathProblem(disk.path()).ifPresent(problem -> {
                throw ApiException.badRequest("spec.disks." + name + ".path of node " + node.name() + ": " + problem);
            });
            if (disk.storageReserved() < 0) {
                throw ApiException.badRequest("spec.disks." + name + ".storageReserved of node " + node.name()
                        + " must not be negative, got " + disk.storageReserved());
            }
        });
    }
}
