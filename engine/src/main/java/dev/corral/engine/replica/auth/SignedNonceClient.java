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
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The client's side of the signed-nonce handshake: sends HELLO once connected, checks the server's
 * proof, sends its own, and completes {@code authenticated} when the server answers ACCEPTED.
 */
final class SignedNonceClient extends Handshake {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SignedNonces own;
    private final PeerVerifier verifier;
    private final CompletableFuture<Void> authenticated;
    private final byte[] clientNonce = new byte[HandshakeFormat.NONCE_BYTES];
    private boolean proofSent;

    SignedNonceClient(SignedNonces own, Consumer<ChannelPipeline> protocol, CompletableFuture<Void> authenticated) {
        super(own.handshakeTimeout(), protocol);
        this.own = own;
        this.verifier = new PeerVerifier(own.authority(), own.acceptPeer());
        this.authenticated = authenticated;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        startClock(ctx);
        RANDOM.nextBytes(clientNonce);
        ctx.writeAndFlush(HandshakeCodec.encode(ctx.alloc(), new Hello(clientNonce.clone())));
        super.channelActive(ctx);
    }

    @Override
    void step(ChannelHandlerContext ctx, ByteBuf in) throws PeerAuthenticationException {
        if (!proofSent) {
            if (HandshakeCodec.decode(in, HandshakeFormat.SERVER_PROOF) instanceof ServerProof proof) {
                byte[] transcript = Transcript.serverProof(clientNonce, proof.serverNonce(), proof.chain());
                verifier.verify(proof.chain(), PeerRole.SERVER, transcript, proof.signature());
                byte[] signature = Signatures.sign(
                        own.key(),
                        Transcript.clientProof(clientNonce, proof.serverNonce(), proof.chain(), own.chain()));
                ctx.writeAndFlush(HandshakeCodec.encode(ctx.alloc(), new ClientProof(own.chain(), signature)));
                proofSent = true;
            }
            return;
        }
        if (HandshakeCodec.decode(in, HandshakeFormat.ACCEPTED) instanceof Accepted) {
            succeed(ctx);
        }
    }

    @Override
    void succeeded(ChannelHandlerContext ctx) {
        authenticated.complete(null);
    }

    @Override
    PeerAuthenticationException closedEarly() {
        return new PeerAuthenticationException(
                proofSent
                        ? "the replica closed the connection instead of accepting this client's proof (it refuses "
                                + "this certificate or its principal; its log says why)"
                        : "the replica closed the connection before proving who it is");
    }

    @Override
    void failed(ChannelHandlerContext ctx, PeerAuthenticationException reason) {
        authenticated.completeExceptionally(reason);
    }
}
