package dev.corral.node.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.api.local.LocalNode;
import dev.corral.api.model.Kind;
import dev.corral.api.model.Replica;
import dev.corral.api.model.Volume;
import dev.corral.api.v1.VolumeRequest;
import dev.corral.engine.testsupport.Await;
import dev.corral.engine.testsupport.ExternalCommand;
import dev.corral.engine.testsupport.NeedsRoot;
import dev.corral.local.LocalCluster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nodes as separate hosts: each node's agent and instance process run in their own network
 * namespace with their own address on a bridge, the control plane on the host. A node is cut off
 * from the network (its link goes down), the volume goes on degraded, the link comes back and the
 * cluster recovers on its own: the node is Ready again and its replica rebuilt.
 */
@NeedsRoot
class MultiHostTest {
    private static final long SIZE = 128L << 20;
    private static final long DATA = 32L << 20;

    @TempDir
    Path dir;

    @BeforeAll
    static void tools() {
        ExternalCommand.requireTool("ip");
        ExternalCommand.requireTool("nbdcopy");
    }

    @Test
    void partitionedNodeRejoinsAndItsReplicaIsRebuiltWithoutManualSteps() throws Exception {
        String prefix = "crl" + (ProcessHandle.current().pid() % 10_000);
        try (NetworkNamespaces hosts = new NetworkNamespaces(prefix)) {
            LocalCluster cluster = new LocalCluster(dir.resolve("cluster"));
            List<LocalNode> nodes = new ArrayList<>();
            for (int n = 1; n <= 3; n++) {
                nodes.add(new LocalNode("node-" + n, NetworkNamespaces.address(n), hosts.addHost(n)));
            }
            String listen =
                    NetworkNamespaces.BRIDGE_ADDRESS + ":" + LocalCluster.freePort(NetworkNamespaces.BRIDGE_ADDRESS);
            cluster.initialize(listen, nodes);
            try (ClusterFixture c = ClusterFixture.attach(cluster)) {
                c.awaitNodesReady(3);
                assertThat(c.api.store().list(Kind.NODE))
                        .extracting(n -> n.spec().address())
                        .containsExactlyInAnyOrder(
                                NetworkNamespaces.address(1),
                                NetworkNamespaces.address(2),
                                NetworkNamespaces.address(3));

                c.api.createVolume(VolumeRequest.of("vol", SIZE).withNumberOfReplicas(3));
                c.awaitVolume("vol", "created", v -> v.status().state() == Volume.State.DETACHED);
                c.api.attach("vol", "node-1");
                String uri = c.awaitVolume("vol", "attached", ClusterFixture::attachedHealthy)
                        .status()
                        .endpoint();
                // Served on node-1, as a socket in node-1's instance directory (no TCP export).
                assertThat(uri).startsWith("nbd+unix:///vol?socket=").contains("/nodes/node-1/");
                assertThat(c.api.store()
                                .get(Kind.ENGINE, "vol")
                                .orElseThrow()
                                .status()
                                .instanceUrl())
                        .contains(NetworkNamespaces.address(1));
                String data = ClusterFixture.writeRandom(dir, uri, DATA, 7);

                hosts.partition(2);
                Await.until(
                        ClusterFixture.SLOW,
                        "node-2 down",
                        () -> !c.api.store()
                                .get(Kind.NODE, "node-2")
                                .orElseThrow()
                                .ready());
                c.awaitVolume("vol", "degraded", v -> v.status().robustness() == Volume.Robustness.DEGRADED);
                String more = ClusterFixture.rewriteTail(dir, uri, DATA, 7, DATA / 4, 8);

                hosts.heal(2);
                c.awaitNodesReady(3);
                c.awaitVolume("vol", "healthy again", ClusterFixture::attachedHealthy);
                assertThat(c.replicas("vol"))
                        .extracting(Replica::spec)
                        .extracting(Replica.Spec::nodeId)
                        .containsExactlyInAnyOrder("node-1", "node-2", "node-3");
                assertThat(ClusterFixture.readBack(dir, uri, DATA))
                        .isEqualTo(more)
                        .isNotEqualTo(data);
            }
        }
    }
}
