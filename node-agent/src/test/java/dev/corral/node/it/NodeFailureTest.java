package dev.corral.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.api.model.Engine;
import dev.corral.api.model.Kind;
import dev.corral.api.model.Replica;
import dev.corral.api.model.Volume;
import dev.corral.api.v1.VolumeRequest;
import dev.corral.engine.testsupport.Await;
import dev.corral.engine.testsupport.ExternalCommand;
import dev.corral.engine.testsupport.SystemTest;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seeds' experiment on a local cluster of separate processes: a node that holds a replica is
 * SIGKILLed (agent and instance process, as a power loss), the volume goes on serving degraded,
 * the node returns and its replica is reused by a delta rebuild; a node that stays away longer
 * than the replenishment wait is replaced by a new replica on another node; the node hosting the
 * attached engine is lost and the volume is attached elsewhere. Data is checked through NBD.
 */
@SystemTest
class NodeFailureTest {
    private static final long SIZE = 256L << 20;
    private static final long DATA = 48L << 20;
    private static final long CHANGED = 8L << 20;

    @TempDir
    Path dir;

    @BeforeAll
    static void tools() {
        ExternalCommand.requireTool("nbdcopy");
        ExternalCommand.requireTool("nbdinfo");
    }

    @Test
    void replicaNodeLostAndBackThenReplacedAfterTheWait() throws Exception {
        try (ClusterFixture c = ClusterFixture.start(dir.resolve("cluster"), 3, 600)) {
            c.api.createVolume(VolumeRequest.of("vol", SIZE).withNumberOfReplicas(3));
            c.awaitVolume("vol", "created", v -> v.status().state() == Volume.State.DETACHED);
            c.api.attach("vol", "node-1");
            String uri = c.awaitVolume("vol", "attached", ClusterFixture::attachedHealthy)
                    .status()
                    .endpoint();
            String first = ClusterFixture.writeRandom(dir, uri, DATA, 1);

            Replica onNode2 = replicaOn(c, "node-2");
            c.cluster.killNode("node-2");
            c.awaitVolume("vol", "degraded", v -> v.status().robustness() == Volume.Robustness.DEGRADED);
            // I/O goes on while degraded.
            String second = ClusterFixture.rewriteTail(dir, uri, DATA, 1, CHANGED, 2);
            assertThat(second).isNotEqualTo(first);

            c.cluster.startNode("node-2");
            c.awaitVolume("vol", "healthy again", ClusterFixture::attachedHealthy);
            assertThat(c.replicas("vol")).extracting(Replica::name).contains(onNode2.name());
            Engine.RebuildProgress rebuild = c.engine("vol").status().rebuilds().get(onNode2.name());
            assertThat(rebuild).as("the returning replica was rebuilt").isNotNull();
            assertThat(rebuild.bytesSent())
                    .as("a delta rebuild: about the changed bytes were sent, not the data")
                    .isGreaterThanOrEqualTo(CHANGED)
                    .isLessThan(CHANGED * 3 / 2);
            assertThat(ClusterFixture.readBack(dir, uri, DATA)).isEqualTo(second);

            // Away longer than the wait, with a 4th node to take its place.
            c.settingsWait(3);
            String node4 = c.cluster.addNode();
            c.awaitNodesReady(4);
            Replica onNode3 = replicaOn(c, "node-3");
            c.cluster.killNode("node-3");
            c.awaitVolume(
                    "vol",
                    "rebuilt on " + node4,
                    v -> ClusterFixture.attachedHealthy(v)
                            && c.replicas("vol").stream()
                                    .anyMatch(r -> r.spec().nodeId().equals(node4))
                            && c.replicas("vol").stream()
                                    .noneMatch(r -> r.name().equals(onNode3.name())));
            assertThat(ClusterFixture.readBack(dir, uri, DATA)).isEqualTo(second);
        }
    }

    @Test
    void volumeIsReattachedElsewhereWhenItsEngineNodeIsLost() throws Exception {
        try (ClusterFixture c = ClusterFixture.start(dir.resolve("cluster"), 3, 600)) {
            c.api.createVolume(VolumeRequest.of("vol", SIZE).withNumberOfReplicas(3));
            c.awaitVolume("vol", "created", v -> v.status().state() == Volume.State.DETACHED);
            c.api.attach("vol", "node-1");
            String uri = c.awaitVolume("vol", "attached", ClusterFixture::attachedHealthy)
                    .status()
                    .endpoint();
            String data = ClusterFixture.writeRandom(dir, uri, DATA, 3);

            c.cluster.killNode("node-1");
            Await.until(
                    ClusterFixture.SLOW,
                    "node-1 down",
                    () -> !c.api.store().get(Kind.NODE, "node-1").orElseThrow().ready());
            c.api.detach("vol");
            c.awaitVolume("vol", "detached", v -> v.status().state() == Volume.State.DETACHED);
            c.api.attach("vol", "node-2");
            String moved = c.awaitVolume(
                            "vol",
                            "attached on node-2",
                            v -> v.status().state() == Volume.State.ATTACHED
                                    && v.status().currentNodeId().equals("node-2"))
                    .status()
                    .endpoint();
            assertThat(moved).isNotEqualTo(uri);
            assertThat(ClusterFixture.readBack(dir, moved, DATA)).isEqualTo(data);

            // Online expansion through the API: the engine grows, a new connection sees the size.
            long bigger = SIZE + (64L << 20);
            c.api.expand("vol", bigger);
            Await.until(
                    ClusterFixture.SLOW,
                    "engine expanded",
                    () -> c.engine("vol").status().size() == bigger);
            assertThat(ExternalCommand.run(Duration.ofSeconds(30), "nbdinfo", "--size", moved)
                            .strip())
                    .isEqualTo(Long.toString(bigger));
            assertThat(ClusterFixture.readBack(dir, moved, DATA)).isEqualTo(data);
        }
    }

    private static Replica replicaOn(ClusterFixture c, String node) {
        return c.replicas("vol").stream()
                .filter(r -> r.spec().nodeId().equals(node))
                .findFirst()
                .orElseThrow();
    }
}
