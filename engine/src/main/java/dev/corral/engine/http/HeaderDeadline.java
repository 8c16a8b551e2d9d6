package dev.corral.engine.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandler;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The header timeout of one HTTP/1 connection: once a byte arrives while the server waits for a
 * request, its request line and headers must be decoded within the timeout, or the connection is
 * closed. Two handlers share this state: one first in the pipeline sees bytes arrive, one after the
 * HTTP decoder sees a request's headers complete (and its end, after which the server waits for
 * the next request). One timer per request that starts arriving, none while a request is served
 * or the connection is quiet (the idle timeout covers that), so a long response (an event stream)
 * is never cut by it. Event loop only.
 */
final class HeaderDeadline {
    private static final Logger LOG = LoggerFactory.getLogger(HeaderDeadline.class);

    /** The name of Vert.x's HTTP/1 request decoder in a connection's pipeline. */
    static final String DECODER = "httpDecoder";

    private final Duration timeout;
    private boolean awaitingHeaders = true;
    private ScheduledFuture<?> deadline;

    HeaderDeadline(Duration timeout) {
        this.timeout = timeout;
    }

    ChannelInboundHandler bytesIn() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (awaitingHeaders && deadline == null) {
                    deadline = ctx.executor().schedule(() -> expire(ctx), timeout.toNanos(), TimeUnit.NANOSECONDS);
                }
                ctx.fireChannelRead(msg);
            }

            @Override
            public void handlerRemoved(ChannelHandlerContext ctx) {
                cancel();
            }
        };
    }

    ChannelInboundHandler decoded() {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof HttpRequest) {
                    awaitingHeaders = false;
                    cancel();
                }
                if (msg instanceof LastHttpContent) {
                    awaitingHeaders = true;
                }
                ctx.fireChannelRead(msg);
            }
        };
    }

    private void expire(ChannelHandlerContext ctx) {
        deadline = null;
        if (awaitingHeaders && ctx.channel().isActive()) {
            LOG.info(
                    "closing HTTP connection from {}: request headers not complete within {}",
                    ctx.channel().remoteAddress(),
                    timeout);
            ctx.close();
        }
    }

    private void cancel() {
        if (deadline != null) {
            deadline.cancel(false);
            deadline = null;
        }
    }
}
