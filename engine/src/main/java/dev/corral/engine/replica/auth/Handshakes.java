package dev.corral.engine.replica.auth;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.SslHandler;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Sets up a new replica connection's pipeline for its {@link PeerAuthentication}: the handshake
 * first, and {@code protocol} (which adds the replica protocol's handlers at the pipeline's end)
 * only once the peer is authenticated and accepted. Without authentication the protocol is
 * installed at once, as before authentication existed. Call from a {@code ChannelInitializer}.
 */
public final class Handshakes {
    private Handshakes() {}

    /** An accepted connection of a replica server. */
    public static void server(Channel channel, PeerAuthentication authentication, Consumer<ChannelPipeline> protocol) {
        ChannelPipeline pipeline = channel.pipeline();
        switch (authentication) {
            case PeerAuthentication.None none -> protocol.accept(pipeline);
            case PeerAuthentication.SignedNonces own ->
                pipeline.addLast("authentication", new SignedNonceServer(own, protocol));
            case PeerAuthentication.MutualTls tls -> {
                SslHandler ssl = TlsPeers.server(tls);
                pipeline.addLast("tls", ssl).addLast("authentication", new TlsServerGate(tls, ssl, protocol));
            }
        }
    }

    /**
     * A replica client's connection, before it connects. The result completes once the replica
     * has proven who it is and accepted this client (at once without authentication), or fails
     * with a {@link PeerAuthenticationException} saying why; the connection is closed then.
     */
    public static CompletableFuture<Void> client(
            Channel channel, PeerAuthentication authentication, Consumer<ChannelPipeline> protocol) {
        ChannelPipeline pipeline = channel.pipeline();
        CompletableFuture<Void> authenticated = new CompletableFuture<>();
        switch (authentication) {
            case PeerAuthentication.None none -> {
                protocol.accept(pipeline);
                authenticated.complete(null);
            }
            case PeerAuthentication.SignedNonces own ->
                pipeline.addLast("authentication", new SignedNonceClient(own, protocol, authenticated));
            case PeerAuthentication.MutualTls tls -> {
                SslHandler ssl = TlsPeers.client(tls);
                pipeline.addLast("tls", ssl)
                        .addLast("authentication", new TlsClientGate(tls, ssl, protocol, authenticated));
            }
        }
        return authenticated;
    }
}
