package dev.corral.node.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.api.model.Node;
import dev.corral.api.model.ObjectMeta;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class NodeDisksTest {
    private final NodeDisks disks = new NodeDisks(Path.of("/srv/node/data"));

    @Test
    void onlyDirectoriesStrictlyBelowADiskMayBeRemoved() {
        assertThat(disks.holds(Path.of("/srv/node/data/replicas/r1"))).isTrue();
        assertThat(disks.holds(Path.of("/srv/node/data"))).isFalse();
        assertThat(disks.holds(Path.of("/srv/node/data/replicas/../.."))).isFalse();
        assertThat(disks.holds(Path.of("/srv/node/database"))).isFalse();
        assertThat(disks.holds(Path.of("/etc"))).isFalse();
    }

    @Test
    void aReplicaIsServedAndPurgedOnlyFromItsOwnDirectoryOnADisk() {
        assertThat(disks.holdsReplica(Path.of("/srv/node/data/replicas/r1"), "r1"))
                .isTrue();
        assertThat(disks.holdsReplica(Path.of("/srv/node/data/replicas/./r1"), "r1"))
                .isTrue();
        assertThat(disks.holdsReplica(Path.of("/srv/node/data/replicas/r2"), "r1"))
                .isFalse();
        assertThat(disks.holdsReplica(Path.of("/srv/node/data/other/r1"), "r1")).isFalse();
        assertThat(disks.holdsReplica(Path.of("/srv/node/data/replicas"), "..")).isFalse();
        assertThat(disks.holdsReplica(Path.of("/srv/node/data/replicas/a/b"), "a/b"))
                .isFalse();
        assertThat(disks.holdsReplica(Path.of("/etc"), "r1")).isFalse();
    }

    @Test
    void aDiskPathTheApiWouldRefuseIsIgnored() {
        NodeDisks updated = new NodeDisks(Path.of("/srv/node/data"));
        updated.update(node(Map.of("root", "/", "etc", "/etc", "relative", "data", "good", "/srv/disk2")));

        assertThat(updated.paths()).containsExactly(Path.of("/srv/disk2"));
        assertThat(updated.holds(Path.of("/etc/passwd"))).isFalse();
        assertThat(updated.holdsReplica(Path.of("/replicas/r1"), "r1")).isFalse();
    }

    private static Node node(Map<String, String> diskPaths) {
        Map<String, Node.DiskSpec> disks = new TreeMap<>();
        diskPaths.forEach((name, path) -> disks.put(name, new Node.DiskSpec(path, true, 0, List.of())));
        return new Node(ObjectMeta.named("n1"), new Node.Spec("127.0.0.1", true, List.of(), "", disks, false), null);
    }

    @Test
    void aSpecDirectoryMustBeAbsolute() {
        assertThat(NodeDisks.directory("/srv/node/data/replicas/./r1")).contains(Path.of("/srv/node/data/replicas/r1"));
        assertThat(NodeDisks.directory("relative/r1")).isEmpty();
        assertThat(NodeDisks.directory("")).isEmpty();
        assertThat(NodeDisks.directory(null)).isEmpty();
        assertThat(NodeDisks.directory("/bad\0path")).isEmpty();
    }
}
