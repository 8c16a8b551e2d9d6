package dev.corral.engine.replica.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a replica connection that has sent nothing for the idle timeout, unless one of its disk
 * operations is still running (its client is waiting for us, not idle). Replica clients ping every
 * few seconds, so only a client that went away without closing, or one that holds connections
 * open for nothing, is cut off.
 *
 * <p>Cost: Netty's reader-idle check, one timestamp per socket read batch and one timer task per
 * connection per idle timeout (the task re-arms itself for the time left); nothing per request and
 * no timer of our own.
 */
final class IdleCutoff extends IdleStateHandler {
    private static final Logger LOG = LoggerFactory.getLogger(IdleCutoff.class);

    private final Duration timeout;
    private final BooleanSupplier busy;

    IdleCutoff(Duration timeout, BooleanSupplier busy) {
        super(timeout.toNanos(), 0, 0, TimeUnit.NANOSECONDS);
        this.timeout = timeout;
        this.busy = busy;
    }

    @Override
    protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent event) {
        if (event.state() != IdleState.READER_IDLE || busy.getAsBoolean()) {
            return;
        }
        LOG.info(
                "closing replica connection from {}: nothing received for {}",
                ctx.channel().remoteAddress(),
                timeout);
        ctx.close();
    }
}
