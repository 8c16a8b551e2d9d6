package dev.corral.controlplane.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.api.client.ApiRequestException;
import dev.corral.api.client.ClusterClient;
import dev.corral.api.client.RemoteStore;
import dev.corral.api.model.Condition;
import dev.corral.api.model.Engine;
import dev.corral.api.model.InstanceState;
import dev.corral.api.model.Kind;
import dev.corral.api.model.Node;
import dev.corral.api.model.ObjectMeta;
import dev.corral.api.model.Replica;
import dev.corral.api.model.Resource;
import dev.corral.api.model.Volume;
import dev.corral.api.security.ClusterAuthority;
import dev.corral.api.security.ClusterIdentity;
import dev.corral.api.security.Principal;
import dev.corral.api.store.ConflictException;
import dev.corral.api.v1.Credentials;
import dev.corral.api.v1.ErrorCode;
import dev.corral.api.v1.VolumeRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A node's certificate on the cluster API, over real TLS: node-1's agent writes its own Node's,
 * replica's and engine's status, and everything else it tries is 403 and leaves the store as it
 * was.
 */
class NodeScopeTest {
    private static final Credentials ADMIN = new Credentials("admin", "correct horse battery");
    private static final long SIZE = 1 << 20;

    private final ClusterAuthority authority = ClusterAuthority.create("test", Clock.systemUTC());
    private ApiFixture api;
    private RemoteStore node1;
    private ClusterClient node1Actions;

    @BeforeEach
    void start() {
        api = ApiFixture.withTls(Optional.of(ADMIN), identity(authority, Principal.controlPlane()));
        for (String node : List.of("node-1", "node-2")) {
            api.store.create(node(node));
            api.store.create(replica("vol-" + node + "-r", node));
            api.store.create(engine("vol-" + node, node));
        }
        try (ClusterClient admin = new ClusterClient(api.endpoint())) {
            admin.createVolume(VolumeRequest.of("data", SIZE));
        }
        node1 = new RemoteStore(api.endpoint(identity(authority, Principal.node("node-1"))));
        node1Actions = new ClusterClient(api.endpoint(identity(authority, Principal.node("node-1"))));
    }

    @AfterEach
    void stop() {
        node1Actions.close();
        node1.close();
        api.close();
    }

    @Test
    void aNodeWritesTheStatusOfItsOwnNodeReplicaAndEngine() {
        Instant beat = Instant.parse("2026-01-01T00:00:00Z");
        Node myNode = stored(Kind.NODE, "node-1");
        node1.update(myNode.withStatus(heartbeat(myNode, beat)));
        assertThat(stored(Kind.NODE, "node-1").status().lastHeartbeat()).isEqualTo(beat);

        Replica myReplica = stored(Kind.REPLICA, "vol-node-1-r");
        node1.update(myReplica.withStatus(running("127.0.0.1:7001")));
        assertThat(stored(Kind.REPLICA, "vol-node-1-r").status().address()).isEqualTo("127.0.0.1:7001");

        Engine myEngine = stored(Kind.ENGINE, "vol-node-1");
        node1.update(myEngine.withStatus(serving("nbd://127.0.0.1:7002/vol-node-1")));
        assertThat(stored(Kind.ENGINE, "vol-node-1").status().endpoint()).isEqualTo("nbd://127.0.0.1:7002/vol-node-1");

        // Reads of anything are allowed: an agent watches every replica and engine.
        assertThat(node1.list(Kind.REPLICA)).hasSize(2);
        assertThat(node1.list(Kind.VOLUME)).extracting(Resource::name).containsExactly("data");
    }

    @Test
    void anotherNodesStatusReplicaAndEngineAre403AndUnchanged() {
        Node other = stored(Kind.NODE, "node-2");
        refused(
                () -> node1.update(other.withStatus(heartbeat(other, Instant.now()))),
                "node node-2 belongs to node node-2");
        assertThat(stored(Kind.NODE, "node-2")).isEqualTo(other);

        Replica otherReplica = stored(Kind.REPLICA, "vol-node-2-r");
        refused(
                () -> node1.update(otherReplica.withStatus(running("127.0.0.1:7003"))),
                "replica vol-node-2-r belongs to node node-2");
        // Claiming the replica by rewriting its node is judged by the stored owner, not the sent one.
        refused(
                () -> node1.update(otherReplica.withSpec(withNode(otherReplica.spec(), "node-1"))),
                "replica vol-node-2-r belongs to node node-2");
        assertThat(stored(Kind.REPLICA, "vol-node-2-r")).isEqualTo(otherReplica);

        Engine otherEngine = stored(Kind.ENGINE, "vol-node-2");
        refused(
                () -> node1.update(otherEngine.withStatus(serving("nbd://127.0.0.1:7004/x"))),
                "engine vol-node-2 belongs to node node-2");
        assertThat(stored(Kind.ENGINE, "vol-node-2")).isEqualTo(otherEngine);
    }

    @Test
    void aNodeChangesNoSpecOrMetadataEvenOfItsOwnObjects() {
        Node myNode = stored(Kind.NODE, "node-1");
        refused(
                () -> node1.update(myNode.withSpec(myNode.spec().withAllowScheduling(false))),
                "may write only the status of node node-1");
        refused(
                () -> node1.update(myNode.withMetadata(ObjectMeta.named("node-1", Map.of("tier", "gold"))
                        .withResourceVersion(myNode.metadata().resourceVersion()))),
                "may write only the status of node node-1");
        assertThat(stored(Kind.NODE, "node-1")).isEqualTo(myNode);

        Replica myReplica = stored(Kind.REPLICA, "vol-node-1-r");
        refused(
                () -> node1.update(myReplica.withSpec(myReplica.spec().withDesireState(InstanceState.STOPPED))),
                "may write only the status of replica vol-node-1-r");
        assertThat(stored(Kind.REPLICA, "vol-node-1-r")).isEqualTo(myReplica);

        // A stale version is a conflict, as for anyone: read again and retry.
        assertThatThrownBy(() -> node1.update(myReplica
                        .withMetadata(myReplica.metadata().withResourceVersion(1))
                        .withStatus(running("127.0.0.1:7005"))))
                .isInstanceOf(ConflictException.class);
        assertThat(stored(Kind.REPLICA, "vol-node-1-r")).isEqualTo(myReplica);
    }

    @Test
    void aNodeCreatesDeletesAndActsOnNothingButItsOwnRegistration() {
        refused(() -> node1Actions.createVolume(VolumeRequest.of("mine", SIZE)), "POST /v1/volumes is none of those");
        refused(() -> node1Actions.deleteVolume("data"), "DELETE /v1/volumes/data is none of those");
        refused(() -> node1Actions.attach("data", "node-1"), "POST /v1/volumes/data/attach is none of those");
        refused(() -> node1Actions.setScheduling("node-2", false), "POST /v1/nodes/node-2/scheduling");
        refused(() -> node1.create(replica("extra-r", "node-1")), "POST /v1/replicas is none of those");
        refused(() -> node1.delete(Kind.REPLICA, "vol-node-1-r", 0), "DELETE /v1/replicas/vol-node-1-r");
        refused(() -> node1.create(node("node-3")), "may create only its own Node (node node-1), not node node-3");
        Volume data = stored(Kind.VOLUME, "data");
        refused(() -> node1.update(data), "PUT /v1/volumes/data is none of those");

        assertThat(api.store.list(Kind.VOLUME)).extracting(Resource::name).containsExactly("data");
        assertThat(stored(Kind.VOLUME, "data").metadata().deleting()).isFalse();
        assertThat(stored(Kind.VOLUME, "data")).isEqualTo(data);
        assertThat(api.store.list(Kind.REPLICA)).hasSize(2);
        assertThat(api.store.list(Kind.NODE)).extracting(Resource::name).containsExactly("node-1", "node-2");
        assertThat(stored(Kind.NODE, "node-2").spec().allowScheduling()).isTrue();

        // Its own Node it registers again, as its agent does when the Node was deleted.
        api.store.delete(Kind.NODE, "node-1", 0);
        node1.create(node("node-1"));
        assertThat(api.store.get(Kind.NODE, "node-1")).isPresent();
    }

    private static void refused(ThrowingCallable call, String reason) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(ApiRequestException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.code()).isEqualTo(ErrorCode.Forbidden);
                })
                .hasMessageContaining(reason);
    }

    private <T extends Resource> T stored(Kind<T> kind, String name) {
        return api.store.get(kind, name).orElseThrow();
    }

    static ClusterIdentity identity(ClusterAuthority authority, Principal principal) {
        return new ClusterIdentity(authority.issue(principal, List.of("127.0.0.1")), authority.certificate());
    }

    private static Node node(String name) {
        return new Node(
                ObjectMeta.named(name),
                new Node.Spec("127.0.0.1", true, List.of(), "", Map.of(), false),
                Node.Status.empty());
    }

    private static Node.Status heartbeat(Node node, Instant at) {
        return new Node.Status(
                List.of(Condition.of(Node.READY, true, "Heartbeat", "", at)),
                at,
                null,
                "https://127.0.0.1:7000",
                node.status().disks());
    }

    private static Replica replica(String name, String node) {
        return new Replica(
                ObjectMeta.named(name),
                new Replica.Spec("vol", node, "default", "/data/" + name, SIZE, InstanceState.RUNNING, null, null),
                null);
    }

    private static Replica.Spec withNode(Replica.Spec spec, String node) {
        return new Replica.Spec(
                spec.volumeName(),
                node,
                spec.diskName(),
                spec.dataDirectory(),
                spec.size(),
                spec.desireState(),
                spec.healthyAt(),
                spec.failedAt());
    }

    private static Replica.Status running(String address) {
        return new Replica.Status(InstanceState.RUNNING, address, null, List.of());
    }

    private static Engine engine(String volume, String node) {
        return new Engine(
                ObjectMeta.named(volume), new Engine.Spec(volume, node, SIZE, Map.of(), InstanceState.RUNNING), null);
    }

    private static Engine.Status serving(String endpoint) {
        return new Engine.Status(
                InstanceState.RUNNING, endpoint, "https://127.0.0.1:7000", Map.of(), Map.of(), SIZE, List.of());
    }
}
