package dev.corral.engine.replica.auth;

import static dev.corral.engine.replica.auth.AuthenticatedReplicas.block;
import static dev.corral.engine.replica.auth.AuthenticatedReplicas.pattern;
import static dev.corral.engine.replica.auth.SignedNonceHandshakeTest.assertRefused;
import static dev.corral.engine.replica.auth.TestIdentities.node;
import static dev.corral.engine.replica.auth.TestIdentities.nonces;
import static org.assertj.core.api.Assertions.assertThat;

import dev.corral.api.security.ClusterIdentity;
import dev.corral.engine.replica.auth.RawPeer.Outcome;
import dev.corral.engine.replica.client.ReplicaClient;
import dev.corral.engine.replica.client.ReplicaClientConfig;
import dev.corral.engine.replica.server.ReplicaServer;
import dev.corral.engine.testsupport.LeakWatch;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Anonymous, replayed and malformed handshakes against a real replica server: each is closed
 * without a request being read, the store is left as it was, and the server goes on serving.
 */
@ExtendWith(LeakWatch.class)
class HostileHandshakeTest {
    private static final long TIMEOUT_SECONDS = 20;

    private final AuthenticatedReplicas replicas = new AuthenticatedReplicas();
    private final ClusterIdentity replicaNode = node("node-1");
    private final ClusterIdentity engineNode = node("node-2");
    private ReplicaServer server;

    @BeforeEach
    void serve() throws IOException {
        server = replicas.serve(nonces(replicaNode));
    }

    @AfterEach
    void stillServesAnAuthenticatedClientAndCloses() throws Exception {
        try {
            ReplicaClient client =
                    replicas.connect(server.address(), nonces(engineNode)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            client.ping().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } finally {
            replicas.close();
        }
    }

    @Test
    void anAnonymousWriteRequestIsClosedUnreadAndChangesNothing() throws Exception {
        Outcome outcome = exchange(RawPeer.request(RawPeer.WRITE, 1, 0, pattern(3)));

        assertThat(outcome.closedByPeer()).isTrue();
        assertThat(outcome.received()).as("not even an error answer").isEmpty();
        assertThat(replicas.store.mutations()).isZero();
        assertThat(replicas.storedIsZero(0)).isTrue();
    }

    @Test
    void aReplayedClientHandshakeFailsAndChangesNothing() throws Exception {
        byte[] captured;
        try (RecordingProxy proxy = new RecordingProxy(server.address())) {
            ReplicaClient client = replicas.connect(
                            proxy.address(),
                            ReplicaClientConfig.DEFAULT.withConnections(1).withAuthentication(nonces(engineNode)))
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            client.write(0, block(1)).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            client.close();
            captured = proxy.clientBytes();
        }
        assertThat(replicas.stored(0)).isEqualTo(pattern(1));
        // The owner writes something else; a successful replay would put the captured write back.
        replicas.store.write(0, ByteBuffer.wrap(pattern(2)));
        int mutations = replicas.store.mutations();

        Outcome replayed = exchange(captured);

        assertThat(replayed.closedByPeer()).isTrue();
        assertOnlyAServerProof(replayed.received());
        assertThat(replicas.stored(0)).isEqualTo(pattern(2));
        assertThat(replicas.store.mutations()).isEqualTo(mutations);
    }

    @Test
    void aReplayedServerHandshakeIsRefusedByTheClient() throws Exception {
        byte[] serverSaid;
        try (RecordingProxy proxy = new RecordingProxy(server.address())) {
            ReplicaClient client = replicas.connect(
                            proxy.address(),
                            ReplicaClientConfig.DEFAULT.withConnections(1).withAuthentication(nonces(engineNode)))
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            client.close();
            serverSaid = proxy.serverBytes();
        }
        try (ServerSocket impostor = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread.ofPlatform().daemon().start(() -> replayTo(impostor, serverSaid));
            assertRefused(
                    replicas.connect(
                            new InetSocketAddress(InetAddress.getLoopbackAddress(), impostor.getLocalPort()),
                            ReplicaClientConfig.DEFAULT.withConnections(1).withAuthentication(nonces(engineNode))),
                    "signature over this handshake does not check out");
        }
    }

    @Test
    void aWrongMagicIsClosed() throws Exception {
        assertClosedWithoutAnswer(RawPeer.handshakeFrame(0x12345678, 1, HandshakeFormat.HELLO, 32, new byte[32]));
    }

    @Test
    void aWrongVersionIsClosed() throws Exception {
        assertClosedWithoutAnswer(
                RawPeer.handshakeFrame(HandshakeFormat.MAGIC, 2, HandshakeFormat.HELLO, 32, new byte[32]));
    }

    @Test
    void aHelloOfTheWrongLengthIsClosed() throws Exception {
        assertClosedWithoutAnswer(
                RawPeer.handshakeFrame(HandshakeFormat.MAGIC, 1, HandshakeFormat.HELLO, 33, new byte[33]));
    }

    @Test
    void anOversizeProofIsClosedWithoutWaitingForItsBody() throws Exception {
        // Declares 2 GiB and sends none of it: a server that waited for the body would hang here.
        assertClosedAfterTheServerProof(RawPeer.handshakeFrame(
                HandshakeFormat.MAGIC, 1, HandshakeFormat.CLIENT_PROOF, 0x7FFFFFFFL, new byte[0]));
    }

    @Test
    void aChainOfTooManyCertificatesIsClosed() throws Exception {
        byte[] body = {(byte) 200};
        assertClosedAfterTheServerProof(
                RawPeer.handshakeFrame(HandshakeFormat.MAGIC, 1, HandshakeFormat.CLIENT_PROOF, body.length, body));
    }

    @Test
    void anOversizeCertificateLengthIsClosed() throws Exception {
        byte[] body =
                ByteBuffer.allocate(3).put((byte) 1).putShort((short) 60000).array();
        assertClosedAfterTheServerProof(
                RawPeer.handshakeFrame(HandshakeFormat.MAGIC, 1, HandshakeFormat.CLIENT_PROOF, body.length, body));
    }

    @Test
    void anUnreadableCertificateIsClosed() throws Exception {
        byte[] junk = new byte[100];
        Arrays.fill(junk, (byte) 0x30);
        byte[] body = ByteBuffer.allocate(1 + 2 + junk.length + 2 + 8)
                .put((byte) 1)
                .putShort((short) junk.length)
                .put(junk)
                .putShort((short) 8)
                .put(new byte[8])
                .array();
        assertClosedAfterTheServerProof(
                RawPeer.handshakeFrame(HandshakeFormat.MAGIC, 1, HandshakeFormat.CLIENT_PROOF, body.length, body));
    }

    @Test
    void aClientThatSaysNothingIsClosedAfterTheHandshakeTimeout() throws Exception {
        try (RawPeer silent = new RawPeer(server.address())) {
            assertThat(silent.drain().closedByPeer()).isTrue();
        }
    }

    private Outcome exchange(byte[] bytes) throws IOException {
        try (RawPeer peer = new RawPeer(server.address())) {
            peer.send(bytes);
            return peer.drain();
        }
    }

    private void assertClosedWithoutAnswer(byte[] frame) throws IOException {
        Outcome outcome = exchange(frame);
        assertThat(outcome.closedByPeer()).isTrue();
        assertThat(outcome.received()).isEmpty();
        assertThat(replicas.store.mutations()).isZero();
    }

    private void assertClosedAfterTheServerProof(byte[] clientProof) throws IOException {
        try (RawPeer peer = new RawPeer(server.address())) {
            peer.send(RawPeer.hello(new byte[32]));
            peer.send(clientProof);
            Outcome outcome = peer.drain();
            assertThat(outcome.closedByPeer()).isTrue();
            assertOnlyAServerProof(outcome.received());
        }
        assertThat(replicas.store.mutations()).isZero();
    }

    /** One SERVER_PROOF frame and nothing after it: no ACCEPTED, no answer to a request. */
    private static void assertOnlyAServerProof(byte[] received) {
        ByteBuffer frame = ByteBuffer.wrap(received);
        assertThat(frame.getInt()).isEqualTo(HandshakeFormat.MAGIC);
        assertThat(frame.get()).isEqualTo((byte) 1);
        assertThat(frame.get()).isEqualTo((byte) HandshakeFormat.SERVER_PROOF);
        frame.getShort();
        assertThat(received.length).isEqualTo(HandshakeFormat.HEADER_BYTES + frame.getInt());
    }

    /** Plays a recorded server's bytes to whoever connects, after reading its HELLO. */
    private static void replayTo(ServerSocket impostor, byte[] recorded) {
        try (Socket client = impostor.accept()) {
            InputStream in = client.getInputStream();
            in.readNBytes(HandshakeFormat.HEADER_BYTES + HandshakeFormat.NONCE_BYTES);
            client.getOutputStream().write(recorded);
            client.getOutputStream().flush();
            in.readAllBytes(); // until the client gives up
        } catch (IOException closed) {
            // the client closed the connection, as it should
        }
    }
}
