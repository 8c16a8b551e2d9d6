package dev.corral.node.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
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
    void aSpecDirectoryMustBeAbsolute() {
        assertThat(NodeDisks.directory("/srv/node/data/replicas/./r1")).contains(Path.of("/srv/node/data/replicas/r1"));
        assertThat(NodeDisks.directory("relative/r1")).isEmpty();
        assertThat(NodeDisks.directory("")).isEmpty();
        assertThat(NodeDisks.directory(null)).isEmpty();
        assertThat(NodeDisks.directory("/bad\0path")).isEmpty();
    }
}
