package dev.corral.engine.replica.auth;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The first handler of an authenticated replica connection: it stands before the protocol's
 * handlers until the peer has proven who it is, then installs them behind itself and steps aside,
 * handing on any bytes that came after the handshake. On any failure, or when the handshake takes
 * longer than its timeout, the connection is closed and every byte received is dropped unread.
 * Event loop only.
 */
abstract class Handshake extends ByteToMessageDecoder {
    private static final int MAX_REASON_CHARS = 300;

    private final Duration timeout;
    private final Consumer<ChannelPipeline> protocol;
    private ScheduledFuture<?> deadline;
    private boolean finished;

    Handshake(Duration timeout, Consumer<ChannelPipeline> protocol) {
        this.timeout = timeout;
        this.protocol = protocol;
    }

    /** One step with the bytes received so far; leaves them unconsumed while a frame is incomplete. */
    abstract void step(ChannelHandlerContext ctx, ByteBuf in) throws PeerAuthenticationException;

    /** Called once when the handshake failed, before the connection is closed. */
    abstract void failed(ChannelHandlerContext ctx, PeerAuthenticationException reason);

    /** Called once when the protocol's handlers are in place. */
    abstract void succeeded(ChannelHandlerContext ctx);

    final void startClock(ChannelHandlerContext ctx) {
        if (deadline == null && !finished) {
            deadline = ctx.executor()
                    .schedule(
                            () -> fail(
                                    ctx,
                                    new PeerAuthenticationException(
                                            "no authentication within " + timeout.toMillis() + " ms")),
                            timeout.toMillis(),
                            TimeUnit.MILLISECONDS);
        }
    }

    @Override
    protected final void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (finished) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            step(ctx, in);
        } catch (PeerAuthenticationException e) {
            in.skipBytes(in.readableBytes());
            fail(ctx, e);
        }
    }

    /** Installs the protocol behind this handler and removes it; buffered bytes go on to the protocol. */
    final void succeed(ChannelHandlerContext ctx) {
        finished = true;
        stopClock();
        protocol.accept(ctx.pipeline());
        succeeded(ctx);
        ctx.pipeline().remove(this);
    }

    final void fail(ChannelHandlerContext ctx, PeerAuthenticationException reason) {
        if (finished) {
            return;
        }
        finished = true;
        stopClock();
        failed(ctx, reason);
        ctx.close();
    }

    final boolean finished() {
        return finished;
    }

    private void stopClock() {
        if (deadline != null) {
            deadline.cancel(false);
        }
    }

    /** Why the handshake failed when the peer closed the connection in the middle of it. */
    PeerAuthenticationException closedEarly() {
        return new PeerAuthenticationException("the connection closed during authentication");
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        fail(ctx, closedEarly());
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        fail(ctx, new PeerAuthenticationException("authentication failed: " + describe(cause), cause));
    }

    /**
     * A failure's reason for a log line or a client's error, never the peer's bytes: Netty names a
     * non-TLS record by dumping it, and that may be a plaintext client's data.
     */
    static String describe(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof DecoderException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof NotSslRecordException) {
            return "not a TLS record (the peer speaks plain text or the signed-nonce handshake)";
        }
        String message = cause.getMessage();
        if (message == null) {
            return cause.getClass().getSimpleName();
        }
        return message.length() > MAX_REASON_CHARS ? message.substring(0, MAX_REASON_CHARS) + "..." : message;
    }
}
