package dev.corral.engine.replica.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a replica connection whose client started a request frame (header or payload) and has
 * not completed it within the frame timeout: a half-sent frame holds a decoder and its payload
 * buffer. Sits in front of the decoder and asks it, after each read batch, whether it is mid-frame.
 *
 * <p>No timer runs while no frame is partial: one task is armed when a frame becomes partial and,
 * when it fires, re-arms itself for the time left if a later frame is partial by then. Under load
 * that is one task per connection per frame timeout, and one clock read per frame that spans
 * reads. Time the server itself is not reading the socket (back-pressure) does not count against
 * the client: the clock restarts.
 */
final class FrameDeadline extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(FrameDeadline.class);
    private static final long NOT_PARTIAL = Long.MIN_VALUE;

    private final long timeoutNanos;
    private final BooleanSupplier midFrame;
    private long partialSince = NOT_PARTIAL;
    private ScheduledFuture<?> check;

    /** {@code midFrame}: whether the decoder behind this handler holds part of a frame. */
    FrameDeadline(Duration timeout, BooleanSupplier midFrame) {
        this.timeoutNanos = timeout.toNanos();
        this.midFrame = midFrame;
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (!midFrame.getAsBoolean()) {
            partialSince = NOT_PARTIAL;
        } else if (partialSince == NOT_PARTIAL) {
            partialSince = System.nanoTime();
            if (check == null) {
                arm(ctx, timeoutNanos);
            }
        }
        ctx.fireChannelReadComplete();
    }

    private void arm(ChannelHandlerContext ctx, long delayNanos) {
        check = ctx.executor().schedule(() -> expire(ctx), delayNanos, TimeUnit.NANOSECONDS);
    }

    private void expire(ChannelHandlerContext ctx) {
        check = null;
        if (partialSince == NOT_PARTIAL || !ctx.channel().isActive()) {
            return;
        }
        long now = System.nanoTime();
        if (!ctx.channel().config().isAutoRead()) {
            partialSince = now;
            arm(ctx, timeoutNanos);
            return;
        }
        long left = timeoutNanos - (now - partialSince);
        if (left > 0) {
            arm(ctx, left);
            return;
        }
        LOG.info(
                "closing replica connection from {}: a request frame stayed incomplete for {}",
                ctx.channel().remoteAddress(),
                Duration.ofNanos(timeoutNanos));
        ctx.close();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (check != null) {
            check.cancel(false);
            check = null;
        }
    }
}
