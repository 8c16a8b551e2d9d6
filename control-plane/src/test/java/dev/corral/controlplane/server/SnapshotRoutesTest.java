package dev.corral.controlplane.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.api.client.ClusterClient;
import dev.corral.api.model.Engine;
import dev.corral.api.model.InstanceState;
import dev.corral.api.model.Node;
import dev.corral.api.model.ObjectMeta;
import dev.corral.api.store.ConflictException;
import dev.corral.api.store.UnavailableException;
import dev.corral.api.v1.VolumeRequest;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The snapshot and statistics routes before they reach a node: which volumes have an engine to
 * ask, and what an unreachable node gives. Through a real node they are tested in node-agent
 * ({@code SnapshotsThroughNodeApiTest}), where an instance can run.
 */
class SnapshotRoutesTest {
    private static final long SIZE = 4L << 20;

    /** What the node's agent writes once the engine runs. */
    static Engine runningEngine(String volume, String node, String instanceUrl) {
        return new Engine(
                ObjectMeta.named(volume + "-e"),
                new Engine.Spec(volume, node, SIZE, Map.of(), null),
                new Engine.Status(InstanceState.RUNNING, "nbd://x", instanceUrl, Map.of(), Map.of(), SIZE, List.of()));
    }

    @Test
    void onlyAnAttachedVolumeWithARunningEngineHasSnapshotsAndADeadNodeIsNamed() throws IOException {
        try (ApiFixture api = ApiFixture.start();
                ClusterClient client = new ClusterClient(api.endpoint())) {
            api.store.create(new Node(
                    ObjectMeta.named("n1"), new Node.Spec("127.0.0.1", true, List.of(), "", Map.of(), false), null));
            client.createVolume(VolumeRequest.of("v", SIZE));

            assertThatThrownBy(() -> client.snapshots("v"))
                    .isInstanceOf(ConflictException.class)
                    .hasMessageStartingWith("volume v is not attached");
            client.attach("v", "n1");
            assertThatThrownBy(() -> client.createSnapshot("v", "s1"))
                    .isInstanceOf(ConflictException.class)
                    .hasMessage("volume v is attaching on node n1; its engine is not running yet");

            String deadNode = "http://127.0.0.1:" + closedPort();
            api.store.create(runningEngine("v", "n1", deadNode));
            assertThatThrownBy(() -> client.snapshots("v"))
                    .isInstanceOf(UnavailableException.class)
                    .hasMessageStartingWith("cannot reach the engine of volume v at " + deadNode);
            assertThatThrownBy(() -> client.volumeStats("v"))
                    .isInstanceOf(UnavailableException.class)
                    .hasMessageStartingWith("cannot reach the engine of volume v at " + deadNode);
            // A dead engine is named, not a failure of the whole cluster's figures.
            assertThat(client.clusterStats().unreachable()).containsExactly("v");
            assertThat(client.clusterStats().engines()).isEqualTo(1);
        }
    }

    /** A port nothing listens on: taken from the kernel, then given back. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
