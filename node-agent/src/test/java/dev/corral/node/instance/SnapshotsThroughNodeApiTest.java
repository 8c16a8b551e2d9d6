package dev.corral.node.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.api.client.ApiRequestException;
import dev.corral.api.client.ClusterClient;
import dev.corral.api.model.Engine;
import dev.corral.api.model.InstanceState;
import dev.corral.api.model.Node;
import dev.corral.api.model.ObjectMeta;
import dev.corral.api.nbd.NbdClient;
import dev.corral.api.security.ClusterAuthority;
import dev.corral.api.security.ClusterIdentity;
import dev.corral.api.security.Principal;
import dev.corral.api.store.ConflictException;
import dev.corral.api.store.UnavailableException;
import dev.corral.api.v1.ClusterIo;
import dev.corral.api.v1.Credentials;
import dev.corral.api.v1.ErrorCode;
import dev.corral.api.v1.IoOp;
import dev.corral.api.v1.SnapshotInfo;
import dev.corral.api.v1.VolumeIo;
import dev.corral.api.v1.VolumeRequest;
import dev.corral.controlplane.server.ApiFixture;
import dev.corral.engine.testsupport.Await;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster API's snapshot and statistics routes of an attached volume, end to end: the control
 * plane finds the volume's engine and calls it through the node API of the instance that hosts it,
 * which drives the engine in process. Data is written over NBD, as a client writes it.
 */
class SnapshotsThroughNodeApiTest {
    private static final long SIZE = 4L << 20;
    private static final int BLOCK = 4096;

    @TempDir
    Path dir;

    @Test
    void snapshotsRevertAndStatisticsGoThroughTheNodeThatHostsTheEngine() throws Exception {
        try (ApiFixture api = ApiFixture.start();
                ClusterClient client = new ClusterClient(api.endpoint());
                InProcessInstance node = InProcessInstance.start()) {
            api.store.create(new Node(
                    ObjectMeta.named("n1"), new Node.Spec("127.0.0.1", true, List.of(), "", Map.of(), false), null));
            client.createVolume(VolumeRequest.of("v", SIZE));
            client.attach("v", "n1");
            String endpoint = node.serve("v", SIZE, dir.resolve("replica")).endpoint();
            // What the node's agent writes once the engine runs.
            api.store.create(new Engine(
                    ObjectMeta.named("v-e"),
                    new Engine.Spec("v", "n1", SIZE, Map.of(), null),
                    new Engine.Status(
                            InstanceState.RUNNING, endpoint, node.url(), Map.of(), Map.of(), SIZE, List.of())));

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
                    .isInstanceOfSatisfying(
                            ApiRequestException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BadRequest))
                    .hasMessageStartingWith("engine of volume v: ");
            assertThatThrownBy(() -> client.createSnapshot("v", "bad name/"))
                    .isInstanceOf(ApiRequestException.class)
                    .hasMessageStartingWith("engine of volume v: ");

            // Written after s2 while a client is connected: revert is refused until it leaves.
            String s2 = client.createSnapshot("v", "s2");
            try (NbdClient nbd = NbdClient.connect(URI.create(endpoint), Duration.ofSeconds(10))) {
                nbd.write(0, new byte[BLOCK], true);
                nbd.write(BLOCK, new byte[BLOCK], true);
                assertThatThrownBy(() -> client.revertSnapshot("v", s2))
                        .isInstanceOf(ConflictException.class)
                        .hasMessageStartingWith("engine of volume v: revert needs volume v offline");
            }
            // The head starts again, empty, on s2. The server notices the client's goodbye at once,
            // but a revert racing it is refused: retried until the engine has seen it leave.
            awaitReverted(client, s2);
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

            // The engine stopped on its node while the status still says RUNNING: the node says so.
            assertThat(node.client().stopEngine("v")).isTrue();
            assertThatThrownBy(() -> client.snapshots("v"))
                    .hasMessageStartingWith("engine of volume v: no engine of volume v runs here");
            node.close();
            assertThatThrownBy(() -> client.snapshots("v"))
                    .isInstanceOf(UnavailableException.class)
                    .hasMessageStartingWith("cannot reach the engine of volume v at " + node.url());
        }
    }

    /**
     * With identities, the control plane calls the node over mutual TLS with its own certificate,
     * which the node lets in; a control plane without one cannot reach the node's engine at all.
     */
    @Test
    void theControlPlaneReachesANodeOverMutualTlsWithItsIdentity() {
        ClusterAuthority authority = ClusterAuthority.create("test", Clock.systemUTC());
        Credentials admin = new Credentials("admin", "correct horse battery");
        try (ApiFixture api = ApiFixture.withTls(Optional.of(admin), identity(authority, Principal.controlPlane()));
                ApiFixture withoutIdentity = ApiFixture.start();
                ClusterClient client = new ClusterClient(api.endpoint());
                ClusterClient plainClient = new ClusterClient(withoutIdentity.endpoint());
                InProcessInstance node =
                        InProcessInstance.start(Optional.of(identity(authority, Principal.node("n1"))))) {
            assertThat(node.url()).startsWith("https://");
            for (ApiFixture each : List.of(api, withoutIdentity)) {
                each.store.create(new Node(
                        ObjectMeta.named("n1"),
                        new Node.Spec("127.0.0.1", true, List.of(), "", Map.of(), false),
                        null));
            }
            client.createVolume(VolumeRequest.of("v", SIZE));
            client.attach("v", "n1");
            plainClient.createVolume(VolumeRequest.of("v", SIZE));
            plainClient.attach("v", "n1");
            String endpoint = node.serve("v", SIZE, dir.resolve("replica")).endpoint();
            Engine engine = new Engine(
                    ObjectMeta.named("v-e"),
                    new Engine.Spec("v", "n1", SIZE, Map.of(), null),
                    new Engine.Status(
                            InstanceState.RUNNING, endpoint, node.url(), Map.of(), Map.of(), SIZE, List.of()));
            api.store.create(engine);
            withoutIdentity.store.create(engine);

            assertThat(client.createSnapshot("v", "s1")).isEqualTo("s1");
            assertThat(client.snapshots("v")).extracting(SnapshotInfo::name).contains("s1");
            assertThat(client.clusterStats().unreachable()).isEmpty();

            assertThatThrownBy(() -> plainClient.createSnapshot("v", "s2"))
                    .isInstanceOf(UnavailableException.class)
                    .hasMessageContaining("this process has no identity");
            assertThat(client.snapshots("v")).extracting(SnapshotInfo::name).doesNotContain("s2");
        }
    }

    private static ClusterIdentity identity(ClusterAuthority authority, Principal principal) {
        return new ClusterIdentity(authority.issue(principal, List.of("127.0.0.1")), authority.certificate());
    }

    private static void awaitReverted(ClusterClient client, String snapshot) {
        Await.until(Duration.ofSeconds(10), "revert to " + snapshot, () -> {
            try {
                client.revertSnapshot("v", snapshot);
                return true;
            } catch (ConflictException e) {
                return false;
            }
        });
    }
}
