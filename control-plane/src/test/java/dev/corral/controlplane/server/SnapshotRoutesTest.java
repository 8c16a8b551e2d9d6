package dev.corral.controlplane.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.api.client.ApiRequestException;
import dev.corral.api.client.ClusterClient;
import dev.corral.api.model.Engine;
import dev.corral.api.model.InstanceState;
import dev.corral.api.model.Node;
import dev.corral.api.model.ObjectMeta;
import dev.corral.api.store.ConflictException;
import dev.corral.api.store.UnavailableException;
import dev.corral.api.v1.ClusterIo;
import dev.corral.api.v1.IoOp;
import dev.corral.api.v1.SnapshotInfo;
import dev.corral.api.v1.VolumeIo;
import dev.corral.api.v1.VolumeRequest;
import dev.corral.controlplane.testing.InProcessEngine;
import io.netty.buffer.Unpooled;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotRoutesTest {
    private static final long SIZE = 4L << 20;
    private static final int BLOCK = 4096;

    @TempDir
    Path dir;

    /** What the node's agent writes once the engine runs. */
    static Engine runningEngine(String volume, String node, String controlUrl) {
        return new Engine(
                ObjectMeta.named(volume + "-e"),
                new Engine.Spec(volume, node, SIZE, Map.of(), null),
                new Engine.Status(InstanceState.RUNNING, "nbd://x", controlUrl, Map.of(), Map.of(), SIZE, List.of()));
    }

    @Test
    void snapshotsGoThroughTheAttachedVolumesEngine() throws Exception {
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

            InProcessEngine engine = InProcessEngine.start(api.vertx, dir.resolve("replica"), "v", SIZE);
            try {
                api.store.create(runningEngine("v", "n1", engine.controlUrl()));

                assertThat(client.createSnapshot("v", "s1")).isEqualTo("s1");
                String generated = client.createSnapshot("v", null);
                assertThat(generated).startsWith("snap-");
                assertThat(client.snapshots("v"))
                        .filteredOn(SnapshotInfo::userCreated)
                        .extracting(SnapshotInfo::name)
                        .containsExactly("s1", generated);

                client.deleteSnapshot("v", "s1");
                assertThat(client.snapshots("v"))
                        .filteredOn(l -> l.name().equals("s1"))
                        .singleElement()
                        .extracting(SnapshotInfo::removed)
                        .isEqualTo(true);
                assertThatThrownBy(() -> client.deleteSnapshot("v", "nope"))
                        .isInstanceOf(ApiRequestException.class)
                        .hasMessageStartingWith("engine of volume v: ");
                assertThatThrownBy(() -> client.createSnapshot("v", "bad name/"))
                        .isInstanceOf(ApiRequestException.class)
                        .hasMessageStartingWith("engine of volume v: ");

                // Written after s2, then reverted to s2: the head starts again, empty, on s2.
                String s2 = client.createSnapshot("v", "s2");
                engine.volume()
                        .write(0, Unpooled.wrappedBuffer(new byte[BLOCK]), true)
                        .join();
                engine.volume()
                        .write(BLOCK, Unpooled.wrappedBuffer(new byte[BLOCK]), true)
                        .join();
                client.revertSnapshot("v", s2);
                List<SnapshotInfo> afterRevert = client.snapshots("v");
                assertThat(afterRevert)
                        .filteredOn(l -> s2.equals(l.parent()) && l.active())
                        .singleElement()
                        .extracting(SnapshotInfo::allocatedBytes)
                        .isEqualTo(0L);
                assertThatThrownBy(() -> client.revertSnapshot("v", "nope"))
                        .isInstanceOf(ApiRequestException.class)
                        .hasMessageStartingWith("engine of volume v: ");

                VolumeIo io = client.volumeStats("v");
                assertThat(io.volume()).isEqualTo("v");
                assertThat(io.op(IoOp.WRITE).totalOps()).isEqualTo(2);
                assertThat(io.op(IoOp.WRITE).totalBytes()).isEqualTo(2L * BLOCK);
                ClusterIo cluster = client.clusterStats();
                assertThat(cluster.engines()).isEqualTo(1);
                assertThat(cluster.unreachable()).isEmpty();
            } finally {
                engine.close();
            }
            assertThatThrownBy(() -> client.snapshots("v"))
                    .isInstanceOf(UnavailableException.class)
                    .hasMessageStartingWith("cannot reach the engine of volume v at " + engine.controlUrl());
            // A dead engine is named, not a failure of the whole cluster's figures.
            assertThat(client.clusterStats().unreachable()).containsExactly("v");
        }
    }
}
