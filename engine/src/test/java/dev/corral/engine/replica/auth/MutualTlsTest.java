package dev.corral.engine.replica.auth;

import static dev.corral.engine.replica.auth.AuthenticatedReplicas.block;
import static dev.corral.engine.replica.auth.AuthenticatedReplicas.pattern;
import static dev.corral.engine.replica.auth.SignedNonceHandshakeTest.assertRefused;
import static dev.corral.engine.replica.auth.TestIdentities.OTHER_CLUSTER;
import static dev.corral.engine.replica.auth.TestIdentities.issue;
import static dev.corral.engine.replica.auth.TestIdentities.node;
import static dev.corral.engine.replica.auth.TestIdentities.nonces;
import static dev.corral.engine.replica.auth.TestIdentities.tlsClient;
import static dev.corral.engine.replica.auth.TestIdentities.tlsServer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.api.security.ClusterIdentity;
import dev.corral.api.security.Principal;
import dev.corral.engine.replica.auth.RawPeer.Outcome;
import dev.corral.engine.replica.client.ReplicaClient;
import dev.corral.engine.replica.client.ReplicaClientConfig;
import dev.corral.engine.replica.server.ReplicaServer;
import dev.corral.engine.testsupport.LeakWatch;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The TLS option: real TLS 1.3 handshakes with client certificates between server and client. */
@ExtendWith(LeakWatch.class)
class MutualTlsTest {
    private static final long TIMEOUT_SECONDS = 20;

    private final AuthenticatedReplicas replicas = new AuthenticatedReplicas();
    private final ClusterIdentity replicaNode = node("node-1");
    private final ClusterIdentity engineNode = node("node-2");

    @AfterEach
    void close() {
        replicas.close();
    }

    @Test
    void writesAndReadsTravelOverTls() throws Exception {
        ReplicaServer server = replicas.serve(tlsServer(replicaNode));
        ReplicaClient client =
                replicas.connect(server.address(), tlsClient(engineNode)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);

        // Larger than a TLS record, so the data spans several.
        byte[] large = new byte[256 << 10];
        for (int i = 0; i < large.length; i++) {
            large[i] = (byte) (i * 7);
        }
        client.write(65536, Unpooled.wrappedBuffer(large)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        client.write(0, block(5)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        ByteBuf read = client.read(65536, large.length).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        try {
            assertThat(ByteBufUtil.getBytes(read)).isEqualTo(large);
        } finally {
            read.release();
        }
        assertThat(replicas.stored(0)).isEqualTo(pattern(5));
    }

    @Test
    void aPlaintextRequestIsClosedUnreadAndChangesNothing() throws Exception {
        ReplicaServer server = replicas.serve(tlsServer(replicaNode));
        Outcome outcome;
        try (RawPeer peer = new RawPeer(server.address())) {
            peer.send(RawPeer.request(RawPeer.WRITE, 1, 0, pattern(3)));
            outcome = peer.drain();
        }
        assertThat(outcome.closedByPeer()).isTrue();
        assertThat(outcome.received()).doesNotContain(0x43, 0x52, 0x4C, 0x53); // no replica answer ("CRLS")
        assertThat(replicas.store.mutations()).isZero();
        assertThat(replicas.storedIsZero(0)).isTrue();
    }

    @Test
    void aPlaintextReplicaClientGetsNoAnswer() throws Exception {
        ReplicaServer server = replicas.serve(tlsServer(replicaNode));
        ReplicaClient plain =
                replicas.connect(server.address(), ReplicaClientConfig.DEFAULT).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);

        assertThatThrownBy(() -> plain.write(0, block(1)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class);
        assertThat(replicas.store.mutations()).isZero();
    }

    @Test
    void aSignedNonceClientIsRefusedByATlsServer() throws Exception {
        ReplicaServer server = replicas.serve(tlsServer(replicaNode));
        assertRefused(replicas.connect(server.address(), nonces(engineNode)), "");
        assertThat(replicas.store.mutations()).isZero();
    }

    @Test
    void aClientCertificateOfAnotherAuthorityIsRefused() throws Exception {
        ReplicaServer server = replicas.serve(tlsServer(replicaNode));
        ClusterIdentity foreign = issue(OTHER_CLUSTER, Principal.node("node-2"));
        // Presents the other cluster's certificate while trusting this cluster's authority.
        ClusterIdentity impostor = new ClusterIdentity(foreign.identity(), TestIdentities.CLUSTER.certificate());

        assertRefused(replicas.connect(server.address(), tlsClient(impostor)), "");
        assertThat(replicas.store.mutations()).isZero();
    }

    @Test
    void aServerCertificateOfAnotherAuthorityIsRefusedByTheClient() throws Exception {
        ClusterIdentity foreign = issue(OTHER_CLUSTER, Principal.node("node-1"));
        ReplicaServer server = replicas.serve(
                tlsServer(new ClusterIdentity(foreign.identity(), TestIdentities.CLUSTER.certificate())));

        assertRefused(
                replicas.connect(server.address(), tlsClient(engineNode)), "TLS handshake with the replica failed");
    }

    @Test
    void aPrincipalTheServerDoesNotAcceptIsRefused() throws Exception {
        ReplicaServer server = replicas.serve(tlsServer(replicaNode));
        ClusterIdentity operator = issue(TestIdentities.CLUSTER, Principal.admin("ops"));

        assertRefused(replicas.connect(server.address(), tlsClient(operator)), "instead of accepting this client");
        assertThat(replicas.store.mutations()).isZero();
    }
}
