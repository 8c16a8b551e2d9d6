package dev.corral.engine.replica.auth;

import dev.corral.engine.replica.auth.HandshakeMessage.Accepted;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.security.cert.X509Certificate;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Behind the client's {@link SslHandler}: once TLS has authenticated the server, asks the caller
 * whether to accept it, then waits for the server's ACCEPTED. In TLS 1.3 the client finishes its
 * handshake before the server has checked the client's certificate, so that frame is how a refused
 * client learns of it before sending a request.
 */
final class TlsClientGate extends Handshake {
    private final SslHandler ssl;
    private final Predicate<X509Certificate> acceptPeer;
    private final CompletableFuture<Void> authenticated;
    private boolean serverVerified;

    TlsClientGate(
            PeerAuthentication.MutualTls tls,
            SslHandler ssl,
            Consumer<ChannelPipeline> protocol,
            CompletableFuture<Void> authenticated) {
        super(tls.handshakeTimeout(), protocol);
        this.ssl = ssl;
        this.acceptPeer = tls.acceptPeer();
        this.authenticated = authenticated;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        startClock(ctx);
        super.channelActive(ctx);
    }

    @Override
    void step(ChannelHandlerContext ctx, ByteBuf in) throws PeerAuthenticationException {
        if (serverVerified && HandshakeCodec.decode(in, HandshakeFormat.ACCEPTED) instanceof Accepted) {
            succeed(ctx);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (!(event instanceof SslHandshakeCompletionEvent completion) || finished()) {
            super.userEventTriggered(ctx, event);
            return;
        }
        if (!completion.isSuccess()) {
            fail(
                    ctx,
                    new PeerAuthenticationException(
                            "TLS handshake with the replica failed: " + describe(completion.cause())));
            return;
        }
        try {
            PeerVerifier.requireAccepted(acceptPeer, TlsPeers.peerCertificate(ssl, "replica"));
            serverVerified = true;
            step(ctx, internalBuffer());
        } catch (PeerAuthenticationException e) {
            fail(ctx, e);
        }
    }

    @Override
    PeerAuthenticationException closedEarly() {
        return new PeerAuthenticationException(
                serverVerified
                        ? "the replica closed the connection instead of accepting this client (it refuses this "
                                + "certificate or its principal; its log says why)"
                        : "the replica closed the connection during the TLS handshake");
    }

    @Override
    void succeeded(ChannelHandlerContext ctx) {
        authenticated.complete(null);
    }

    @Override
    void failed(ChannelHandlerContext ctx, PeerAuthenticationException reason) {
        authenticated.completeExceptionally(reason);
    }
}
