package dev.corral.engine.nbd;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.flush.FlushConsolidationHandler;

/**
 * The pipeline of one NBD connection. It starts as flush batching plus the handshake; entering
 * transmission swaps the handshake for the request decoder and executor:
 *
 * <pre>
 *   flush-consolidation -> handshake                          (handshake phase)
 *   flush-consolidation -> request-decoder -> request-executor (transmission phase)
 * </pre>
 */
final class NbdConnectionInitializer extends ChannelInitializer<Channel> {
    /**
     * Replies completed while no read is in progress are flushed together by one scheduled task;
     * during a read, at read-complete; at the latest after this many replies.
     */
    private static final int FLUSH_AFTER_REPLIES = 256;

    private final ExportRegistry exports;
    private final NbdServerConfig config;
    private final ChannelGroup connections;

    /** {@code connections} tracks open connections so the server can close them; they leave it on close. */
    NbdConnectionInitializer(ExportRegistry exports, NbdServerConfig config, ChannelGroup connections) {
        this.exports = exports;
        this.config = config;
        this.connections = connections;
    }

    @Override
    protected void initChannel(Channel channel) {
        connections.add(channel);
        channel.pipeline()
                .addLast("flush-consolidation", new FlushConsolidationHandler(FLUSH_AFTER_REPLIES, true))
                .addLast(
                        "handshake",
                        new HandshakeHandler(
                                exports, config.handshakeTimeout(), config.tls(), this::enterTransmission));
    }

    private void enterTransmission(ChannelHandlerContext handshake, TransmissionSession session) {
        ChannelPipeline pipeline = handshake.pipeline();
        pipeline.addAfter(handshake.name(), "request-decoder", new RequestDecoder());
        pipeline.addAfter(
                "request-decoder",
                "request-executor",
                new RequestExecutor(session, config.maxInFlightRequests(), config.maxInFlightBytes()));
    }
}
