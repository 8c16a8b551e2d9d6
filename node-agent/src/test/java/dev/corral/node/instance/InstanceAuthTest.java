package dev.corral.node.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.api.model.ReplicaMode;
import dev.corral.api.model.ResourceJson;
import dev.corral.api.node.EngineReplica;
import dev.corral.api.node.EngineRequest;
import dev.corral.api.node.EngineView;
import dev.corral.api.node.NodeCallException;
import dev.corral.api.node.NodeClient;
import dev.corral.api.node.NodeTransport;
import dev.corral.api.node.ReplicaRequest;
import dev.corral.api.node.ReplicaView;
import dev.corral.api.security.ClusterAuthority;
import dev.corral.api.security.ClusterIdentity;
import dev.corral.api.security.Principal;
import dev.corral.api.security.TlsContexts;
import dev.corral.api.v1.ErrorCode;
import dev.corral.controlplane.server.PresentingClient;
import dev.corral.engine.replica.client.ReplicaClient;
import dev.corral.engine.replica.client.ReplicaClientConfig;
import dev.corral.engine.testsupport.SystemTest;
import dev.corral.engine.util.NettyTransport;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node API of an instance process started with node-1's identity, over real TLS handshakes:
 * the control plane and node-1 itself are served; node-2 is 403; a client without a certificate,
 * with another authority's or in plain http never gets a request through. No refusal starts
 * anything.
 */
@SystemTest
class InstanceAuthTest {
    private static final long SIZE = 1L << 20;

    @TempDir
    static Path tmp;

    private static ClusterAuthority authority;
    private static LaunchedInstance instance;

    @BeforeAll
    static void startInstance() throws IOException {
        authority = ClusterAuthority.create("test", Clock.systemUTC());
        Path identity = tmp.resolve("node-1-identity");
        ClusterIdentity.issue(authority, Principal.node("node-1"), List.of("127.0.0.1"), identity);
        instance = LaunchedInstance.start(tmp.resolve("instance"), "127.0.0.1", Optional.of(identity));
    }

    @AfterAll
    static void stopInstance() {
        if (instance != null) {
            instance.close();
        }
    }

    @Test
    void theNodeItselfAndTheControlPlaneAreServed() {
        assertThat(instance.url()).startsWith("https://127.0.0.1:");
        assertThat(InstanceFile.read(InstanceFile.in(tmp.resolve("instance"))))
                .contains(new InstanceFile(instance.pid(), instance.url()));
        NodeClient self = instance.client();
        assertThat(self.health(Duration.ofSeconds(5)).pid()).isEqualTo(instance.pid());
        ReplicaView started = self.startReplica(request("served-r1"));

        NodeClient controlPlane = as(Principal.controlPlane());
        assertThat(controlPlane.replicas()).contains(started);
        assertThat(controlPlane.stopReplica("served-r1", true)).isTrue();
        assertThat(self.replicas()).doesNotContain(started);
    }

    /**
     * The node's replica servers demand the handshake and its engines make it: an engine of this
     * node serves from its replica, and a client of the protocol without an identity gets no
     * answer.
     */
    @Test
    void theReplicaProtocolAuthenticatesBothEnds() throws IOException {
        NodeClient self = instance.client();
        ReplicaView replica = self.startReplica(request("auth-r1"));
        EngineView engine = self.startEngine(new EngineRequest("auth", SIZE, List.of(replica.address())));
        assertThat(engine.replicas()).extracting(EngineReplica::mode).containsOnly(ReplicaMode.RW);

        // A client of the protocol without an identity: it would get an answer from an open server.
        EventLoopGroup loops = NettyTransport.newEventLoopGroup(1, "test-stranger");
        try {
            assertThatThrownBy(() -> ReplicaClient.connect(
                                    replica.address(),
                                    ReplicaClientConfig.DEFAULT.withRequestTimeout(Duration.ofSeconds(30)),
                                    loops)
                            .thenCompose(ReplicaClient::info)
                            .join())
                    .isInstanceOf(CompletionException.class);
        } finally {
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
        assertThat(self.stopEngine("auth")).isTrue();
        assertThat(self.stopReplica("auth-r1", true)).isTrue();
    }

    @Test
    void anotherNodesIdentityIsForbiddenAndChangesNothing() {
        List<ReplicaView> before = instance.client().replicas();
        NodeClient node2 = as(Principal.node("node-2"));
        for (ThrowingCallable call : List.<ThrowingCallable>of(
                () -> node2.startReplica(request("stolen-r1")), node2::replicas, () -> node2.stopEngine("any"), () -> {
                    try {
                        node2.snapshots("any").join();
                    } catch (CompletionException e) {
                        throw NodeClient.unwrapped(e);
                    }
                })) {
            assertThatThrownBy(call).isInstanceOfSatisfying(NodeCallException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.Forbidden);
                assertThat(e.reason())
                        .isEqualTo("node/node-2 may not use the node API of node/node-1: only"
                                + " control-plane/* and node/node-1 may");
            });
        }
        assertThat(instance.client().replicas()).isEqualTo(before);
        assertThat(tmp.resolve("stolen-r1")).doesNotExist();
    }

    @Test
    void withoutACertificateOfTheAuthorityNoRequestGetsThrough() throws IOException {
        List<ReplicaView> before = instance.client().replicas();
        String body = ResourceJson.write(request("stranger-r1"));

        // Believes the node, presents nothing: client authentication is required.
        NodeClient anonymous = NodeTransport.of(
                        Optional.of(TlsContexts.client(authority.certificate(), Optional.empty())))
                .connect(instance.url());
        assertThatThrownBy(() -> anonymous.startReplica(request("stranger-r1")))
                .isInstanceOfSatisfying(
                        NodeCallException.class,
                        e -> assertThat(e.unreachable()).isTrue());

        // node-1's own name on a certificate of another authority, presented whatever the node asks for.
        ClusterAuthority other = ClusterAuthority.create("other", Clock.systemUTC());
        try (PresentingClient forged = new PresentingClient(
                other.issue(Principal.node("node-1"), List.of("127.0.0.1")), authority.certificate())) {
            assertThatThrownBy(() -> forged.send("POST", instance.url() + "/v1/replicas", body))
                    .isInstanceOf(IOException.class);
        }
        // The same client with the authority's certificate is served: the refusal was the certificate's.
        try (PresentingClient genuine = new PresentingClient(
                authority.issue(Principal.node("node-1"), List.of("127.0.0.1")), authority.certificate())) {
            assertThat(genuine.send("GET", instance.url() + "/v1/replicas", null)
                            .statusCode())
                    .isEqualTo(200);
        }

        // Plain http to the TLS port, and a client without an identity, which refuses by itself.
        NodeClient plain = NodeClient.connect(instance.url().replace("https://", "http://"));
        assertThatThrownBy(() -> plain.startReplica(request("stranger-r1")))
                .isInstanceOfSatisfying(
                        NodeCallException.class,
                        e -> assertThat(e.unreachable()).isTrue());
        assertThatThrownBy(() -> NodeClient.connect(instance.url()).startReplica(request("stranger-r1")))
                .isInstanceOf(NodeCallException.class)
                .hasMessageContaining("this process has no identity");

        assertThat(instance.client().replicas()).isEqualTo(before);
        assertThat(tmp.resolve("stranger-r1")).doesNotExist();
    }

    private static NodeClient as(Principal principal) {
        ClusterIdentity identity =
                new ClusterIdentity(authority.issue(principal, List.of("127.0.0.1")), authority.certificate());
        return NodeTransport.of(Optional.of(identity.clientContext())).connect(instance.url());
    }

    private static ReplicaRequest request(String name) {
        return new ReplicaRequest(name, tmp.resolve(name).toString(), SIZE);
    }
}
