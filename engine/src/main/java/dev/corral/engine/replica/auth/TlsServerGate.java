package dev.corral.engine.replica.auth;

import dev.corral.engine.replica.auth.HandshakeMessage.Accepted;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.security.cert.X509Certificate;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Behind the server's {@link SslHandler}: once TLS has authenticated the client (the context
 * requires and checks its certificate), asks the caller whether to accept it, tells the client
 * ACCEPTED and lets the protocol in.
 */
final class TlsServerGate extends Handshake {
    private static final Logger LOG = LoggerFactory.getLogger(TlsServerGate.class);

    private final SslHandler ssl;
    private final Predicate<X509Certificate> acceptPeer;

    TlsServerGate(PeerAuthentication.MutualTls tls, SslHandler ssl, Consumer<ChannelPipeline> protocol) {
        super(tls.handshakeTimeout(), protocol);
        this.ssl = ssl;
        this.acceptPeer = tls.acceptPeer();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        startClock(ctx);
    }

    @Override
    void step(ChannelHandlerContext ctx, ByteBuf in) {
        // Decrypted bytes can only follow a finished TLS handshake; they wait here for the verdict.
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (!(event instanceof SslHandshakeCompletionEvent completion) || finished()) {
            super.userEventTriggered(ctx, event);
            return;
        }
        if (!completion.isSuccess()) {
            fail(ctx, new PeerAuthenticationException("TLS handshake failed: " + describe(completion.cause())));
            return;
        }
        try {
            PeerVerifier.requireAccepted(acceptPeer, TlsPeers.peerCertificate(ssl, "client"));
        } catch (PeerAuthenticationException e) {
            fail(ctx, e);
            return;
        }
        ctx.writeAndFlush(HandshakeCodec.encode(ctx.alloc(), new Accepted()));
        succeed(ctx);
    }

    @Override
    void succeeded(ChannelHandlerContext ctx) {}

    @Override
    void failed(ChannelHandlerContext ctx, PeerAuthenticationException reason) {
        LOG.warn("replica connection from {} refused: {}", ctx.channel().remoteAddress(), reason.getMessage());
    }
}
