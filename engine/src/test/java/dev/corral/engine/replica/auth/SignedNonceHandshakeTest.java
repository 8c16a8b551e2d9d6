package dev.corral.engine.replica.auth;

import static dev.corral.engine.replica.auth.AuthenticatedReplicas.block;
import static dev.corral.engine.replica.auth.AuthenticatedReplicas.pattern;
import static dev.corral.engine.replica.auth.TestIdentities.CLUSTER;
import static dev.corral.engine.replica.auth.TestIdentities.OTHER_CLUSTER;
import static dev.corral.engine.replica.auth.TestIdentities.issue;
import static dev.corral.engine.replica.auth.TestIdentities.node;
import static dev.corral.engine.replica.auth.TestIdentities.nonces;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.api.security.ClusterIdentity;
import dev.corral.api.security.Principal;
import dev.corral.engine.block.BlockIoException;
import dev.corral.engine.block.IoError;
import dev.corral.engine.replica.client.ReplicaClient;
import dev.corral.engine.replica.client.ReplicaClientConfig;
import dev.corral.engine.replica.server.ReplicaServer;
import dev.corral.engine.testsupport.LeakWatch;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The signed-nonce handshake between a real replica server and client, over loopback sockets. */
@ExtendWith(LeakWatch.class)
class SignedNonceHandshakeTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final AuthenticatedReplicas replicas = new AuthenticatedReplicas();
    private final ClusterIdentity replicaNode = node("node-1");
    private final ClusterIdentity engineNode = node("node-2");

    @AfterEach
    void close() {
        replicas.close();
    }

    @Test
    void anAuthenticatedClientWritesAndReadsBack() throws Exception {
        ReplicaServer server = replicas.serve(nonces(replicaNode));
        ReplicaClient client = connected(replicas.connect(server.address(), nonces(engineNode)));

        client.write(8192, block(7)).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        ByteBuf read = client.read(8192, 4096).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        try {
            assertThat(ByteBufUtil.getBytes(read)).isEqualTo(pattern(7));
        } finally {
            read.release();
        }
        assertThat(replicas.stored(8192)).isEqualTo(pattern(7));
    }

    @Test
    void theControlPlaneIsAcceptedToo() throws Exception {
        ReplicaServer server = replicas.serve(nonces(replicaNode));
        ReplicaClient client =
                connected(replicas.connect(server.address(), nonces(issue(CLUSTER, Principal.controlPlane()))));
        assertThat(client.info().get(WAIT.toSeconds(), TimeUnit.SECONDS).size()).isEqualTo(1 << 20);
    }

    @Test
    void aClientWithoutAuthenticationIsClosedBeforeItsFirstRequest() throws Exception {
        ReplicaServer server = replicas.serve(nonces(replicaNode));
        ReplicaClient anonymous = connected(replicas.connect(server.address(), ReplicaClientConfig.DEFAULT));

        assertThatThrownBy(() -> anonymous.write(0, block(1)).get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOfSatisfying(
                        BlockIoException.class, e -> assertThat(e.error()).isEqualTo(IoError.DISCONNECTED));
        assertThat(replicas.store.mutations()).isZero();
        assertThat(replicas.storedIsZero(0)).isTrue();
    }

    @Test
    void aClientCertificateOfAnotherAuthorityIsRefused() throws Exception {
        ReplicaServer server = replicas.serve(nonces(replicaNode));
        ClusterIdentity foreign = issue(OTHER_CLUSTER, Principal.node("node-2"));
        // The client trusts this cluster's authority (its certificate is public) but holds another's.
        PeerAuthentication impostor = PeerAuthentication.signedNonces(
                foreign.identity().key(),
                foreign.identity().chain(),
                CLUSTER.certificate(),
                TestIdentities.CLUSTER_PEERS);

        assertRefused(replicas.connect(server.address(), impostor), "instead of accepting this client's proof");
        assertThat(replicas.store.mutations()).isZero();
    }

    @Test
    void aServerCertificateOfAnotherAuthorityIsRefusedByTheClient() throws Exception {
        ClusterIdentity foreign = issue(OTHER_CLUSTER, Principal.node("node-1"));
        ReplicaServer server = replicas.serve(PeerAuthentication.signedNonces(
                foreign.identity().key(),
                foreign.identity().chain(),
                CLUSTER.certificate(),
                TestIdentities.CLUSTER_PEERS));

        assertRefused(
                replicas.connect(server.address(), nonces(engineNode)),
                "is not vouched for by this cluster's authority");
    }

    @Test
    void aPrincipalTheServerDoesNotAcceptIsRefused() throws Exception {
        ReplicaServer server = replicas.serve(nonces(replicaNode));
        ClusterIdentity operator = issue(CLUSTER, Principal.admin("ops"));

        assertRefused(replicas.connect(server.address(), nonces(operator)), "instead of accepting this client's proof");
        assertThat(replicas.store.mutations()).isZero();
    }

    @Test
    void aServerPrincipalTheClientDoesNotAcceptIsRefused() throws Exception {
        ReplicaServer server = replicas.serve(nonces(replicaNode));
        PeerAuthentication onlyNode3 =
                nonces(engineNode, peer -> Principal.of(peer).equals(Principal.node("node-3")));

        assertRefused(replicas.connect(server.address(), onlyNode3), "is authenticated but not accepted");
    }

    @Test
    void anExpiredCertificateIsRefused() throws Exception {
        ReplicaServer server = replicas.serve(nonces(replicaNode));

        assertRefused(
                replicas.connect(server.address(), nonces(TestIdentities.expiredNode("node-2"))),
                "instead of accepting this client's proof");
        assertThat(replicas.store.mutations()).isZero();
    }

    @Test
    void aKeyThatIsNotTheCertificatesIsRefusedWhenConfigured() {
        assertThatThrownBy(() -> PeerAuthentication.signedNonces(
                        replicaNode.identity().key(),
                        engineNode.identity().chain(),
                        CLUSTER.certificate(),
                        TestIdentities.CLUSTER_PEERS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not belong to the certificate");
    }

    @Test
    void theConfigurationNeverPrintsTheKey() {
        String shown = nonces(replicaNode).toString();
        assertThat(shown)
                .contains("CN=node-1")
                .doesNotContain(replicaNode.identity().key().toString());
    }

    private static ReplicaClient connected(CompletableFuture<ReplicaClient> client) throws Exception {
        return client.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    static void assertRefused(CompletableFuture<ReplicaClient> client, String why) {
        assertThatThrownBy(() -> client.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasMessageContaining("cannot authenticate with replica")
                .hasMessageContaining(why);
    }
}
