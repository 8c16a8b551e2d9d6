package dev.corral.engine.replica.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.corral.api.security.ClusterIdentity;
import dev.corral.engine.replica.auth.HandshakeMessage.ClientProof;
import dev.corral.engine.replica.auth.HandshakeMessage.ServerProof;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/** Frames arriving a byte at a time wait for their last byte; each limit is enforced from the header. */
class HandshakeCodecTest {
    private final ClusterIdentity node = TestIdentities.node("node-1");

    @Test
    void aServerProofFedOneByteAtATimeDecodesOnlyWhenWhole() throws Exception {
        byte[] nonce = new byte[HandshakeFormat.NONCE_BYTES];
        nonce[0] = 9;
        ServerProof sent = new ServerProof(nonce, node.identity().chain(), new byte[] {1, 2, 3});
        byte[] wire = bytes(sent);

        ByteBuf in = Unpooled.buffer();
        try {
            for (int i = 0; i < wire.length - 1; i++) {
                in.writeByte(wire[i]);
                assertThat(HandshakeCodec.decode(in, HandshakeFormat.SERVER_PROOF))
                        .isNull();
                assertThat(in.readerIndex())
                        .as("nothing consumed before the frame is whole")
                        .isZero();
            }
            in.writeByte(wire[wire.length - 1]);
            ServerProof received = (ServerProof) HandshakeCodec.decode(in, HandshakeFormat.SERVER_PROOF);
            assertThat(received.serverNonce()).isEqualTo(nonce);
            assertThat(received.chain()).isEqualTo(node.identity().chain());
            assertThat(received.signature()).containsExactly(1, 2, 3);
            assertThat(in.isReadable()).isFalse();
        } finally {
            in.release();
        }
    }

    @Test
    void anUnexpectedFrameTypeIsRefused() {
        byte[] wire = bytes(new ClientProof(node.identity().chain(), new byte[] {1}));
        assertThatThrownBy(() -> decode(wire, HandshakeFormat.SERVER_PROOF))
                .isInstanceOf(PeerAuthenticationException.class)
                .hasMessage("expected SERVER_PROOF, got CLIENT_PROOF");
    }

    @Test
    void bytesAfterTheLastFieldAreRefused() throws Exception {
        byte[] body = concat(chain(), new byte[] {0, 1, 7, 0, 0}); // signature [7], then 2 stray bytes
        byte[] wire = RawPeer.handshakeFrame(HandshakeFormat.MAGIC, 1, HandshakeFormat.CLIENT_PROOF, body.length, body);
        assertThatThrownBy(() -> decode(wire, HandshakeFormat.CLIENT_PROOF))
                .isInstanceOf(PeerAuthenticationException.class)
                .hasMessage("2 bytes after the end of CLIENT_PROOF");
    }

    @Test
    void aSignatureLongerThanTheLimitIsRefused() throws Exception {
        int tooLong = HandshakeFormat.MAX_SIGNATURE_BYTES + 1;
        byte[] body = concat(chain(), new byte[] {(byte) (tooLong >> 8), (byte) tooLong});
        byte[] wire = RawPeer.handshakeFrame(HandshakeFormat.MAGIC, 1, HandshakeFormat.CLIENT_PROOF, body.length, body);
        assertThatThrownBy(() -> decode(wire, HandshakeFormat.CLIENT_PROOF))
                .isInstanceOf(PeerAuthenticationException.class)
                .hasMessageStartingWith("a signature of 1025 bytes");
    }

    @Test
    void anAcceptedFrameWithABodyIsRefused() {
        byte[] wire = RawPeer.handshakeFrame(HandshakeFormat.MAGIC, 1, HandshakeFormat.ACCEPTED, 1, new byte[1]);
        assertThatThrownBy(() -> decode(wire, HandshakeFormat.ACCEPTED))
                .isInstanceOf(PeerAuthenticationException.class)
                .hasMessage("ACCEPTED body of 1 bytes; at most 0");
    }

    @Test
    void theReplicaProtocolAndTlsAreNamedWhenTheyArriveInsteadOfAHandshake() {
        byte[] request = RawPeer.request(RawPeer.WRITE, 1, 0, new byte[0]);
        assertThatThrownBy(() -> decode(request, HandshakeFormat.HELLO))
                .hasMessage("a replica request before authentication");
        byte[] tlsHello = {0x16, 0x03, 0x01, 0x00, 0x10, 0, 0, 0, 0, 0, 0, 0};
        assertThatThrownBy(() -> decode(tlsHello, HandshakeFormat.SERVER_PROOF))
                .hasMessageContaining("the peer speaks TLS");
    }

    private static byte[] bytes(HandshakeMessage message) {
        ByteBuf encoded = HandshakeCodec.encode(ByteBufAllocator.DEFAULT, message);
        try {
            byte[] bytes = new byte[encoded.readableBytes()];
            encoded.readBytes(bytes);
            return bytes;
        } finally {
            encoded.release();
        }
    }

    private static HandshakeMessage decode(byte[] wire, int type) throws PeerAuthenticationException {
        ByteBuf in = Unpooled.wrappedBuffer(wire);
        try {
            return HandshakeCodec.decode(in, type);
        } finally {
            in.release();
        }
    }

    /** The node's chain as the wire carries it: u8 count, then u16 length and DER per certificate. */
    private byte[] chain() throws Exception {
        ByteBuf out = Unpooled.buffer();
        out.writeByte(node.identity().chain().size());
        for (var certificate : node.identity().chain()) {
            byte[] der = certificate.getEncoded();
            out.writeShort(der.length).writeBytes(der);
        }
        byte[] bytes = new byte[out.readableBytes()];
        out.readBytes(bytes);
        return bytes;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
