package dev.corral.engine.replica.auth;

import dev.corral.engine.replica.auth.HandshakeMessage.Accepted;
import dev.corral.engine.replica.auth.HandshakeMessage.ClientProof;
import dev.corral.engine.replica.auth.HandshakeMessage.Hello;
import dev.corral.engine.replica.auth.HandshakeMessage.ServerProof;
import dev.corral.engine.replica.auth.PeerAuthentication.SignedNonces;
import dev.corral.engine.replica.auth.PeerVerifier.PeerRole;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's side of the signed-nonce handshake: waits for HELLO, answers with its own nonce,
 * chain and signature, checks the client's proof, then sends ACCEPTED and serves requests. Nothing
 * the client sends before its proof checks out reaches the replica.
 */
final class SignedNonceServer extends Handshake {
    private static final Logger LOG = LoggerFactory.getLogger(SignedNonceServer.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SignedNonces own;
    private final PeerVerifier verifier;
    private byte[] clientNonce;
    private byte[] serverNonce;

    SignedNonceServer(SignedNonces own, Consumer<ChannelPipeline> protocol) {
        super(own.handshakeTimeout(), protocol);
        this.own = own;
        this.verifier = new PeerVerifier(own.authority(), own.acceptPeer());
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        startClock(ctx); // an accepted connection is already active
    }

    @Override
    void step(ChannelHandlerContext ctx, ByteBuf in) throws PeerAuthenticationException {
        if (clientNonce == null) {
            if (HandshakeCodec.decode(in, HandshakeFormat.HELLO) instanceof Hello hello) {
                clientNonce = hello.clientNonce();
                serverNonce = new byte[HandshakeFormat.NONCE_BYTES];
                RANDOM.nextBytes(serverNonce);
                byte[] signature =
                        Signatures.sign(own.key(), Transcript.serverProof(clientNonce, serverNonce, own.chain()));
                ctx.writeAndFlush(
                        HandshakeCodec.encode(ctx.alloc(), new ServerProof(serverNonce, own.chain(), signature)));
            }
            return;
        }
        if (HandshakeCodec.decode(in, HandshakeFormat.CLIENT_PROOF) instanceof ClientProof proof) {
            byte[] transcript = Transcript.clientProof(clientNonce, serverNonce, own.chain(), proof.chain());
            X509Certificate client = verifier.verify(proof.chain(), PeerRole.CLIENT, transcript, proof.signature());
            ctx.writeAndFlush(HandshakeCodec.encode(ctx.alloc(), new Accepted()));
            LOG.debug(
                    "replica connection from {} authenticated as {}",
                    ctx.channel().remoteAddress(),
                    PeerVerifier.subject(client));
            succeed(ctx);
        }
    }

    @Override
    void succeeded(ChannelHandlerContext ctx) {}

    @Override
    void failed(ChannelHandlerContext ctx, PeerAuthenticationException reason) {
        LOG.warn("replica connection from {} refused: {}", ctx.channel().remoteAddress(), reason.getMessage());
    }
}
