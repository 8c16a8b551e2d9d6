package dev.corral.engine.http;

import io.netty.channel.ChannelPipeline;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.impl.ConnectionBase;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * How long an HTTP client may stall, for each of Corral's HTTP servers (cluster API, node API,
 * engine control API).
 *
 * @param headerTimeout from the first byte of a request to the end of its headers; a client that
 *     trickles a request line or headers (which keeps the connection from ever being idle) is
 *     disconnected after this long
 * @param idleTimeout a connection on which no byte goes either way for this long is closed (an
 *     idle keep-alive connection, a stalled body); event streams send heartbeats more often
 */
public record HttpTimeouts(Duration headerTimeout, Duration idleTimeout) {
    /** 10 s for headers, 60 s idle. */
    public static final HttpTimeouts DEFAULT = new HttpTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(60));

    public HttpTimeouts {
        requirePositive(headerTimeout, "headerTimeout");
        requirePositive(idleTimeout, "idleTimeout");
    }

    /** {@code options} with the idle timeout set (Netty's idle handler, one timer per connection). */
    public HttpServerOptions applyTo(HttpServerOptions options) {
        // Without h2c, Vert.x sets a connection up as it is accepted, not at its first request, so
        // the header deadline covers the first request too; Corral's clients speak HTTP/1.1.
        return options.setHttp2ClearTextEnabled(false)
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                .setIdleTimeout(Math.toIntExact(Math.max(1, idleTimeout.toMillis())));
    }

    /**
     * Installs the header timeout on every HTTP/1 connection {@code server} accepts; call before
     * it listens. Vert.x has no such option, so the deadline is a pair of Netty handlers around the
     * connection's HTTP decoder ({@link HeaderDeadline}).
     */
    public HttpServer guard(HttpServer server) {
        return server.connectionHandler(this::guard);
    }

    private void guard(HttpConnection connection) {
        // Vert.x's connections are ConnectionBase underneath; the channel is what it gives access to.
        if (!(connection instanceof ConnectionBase base)) {
            throw new IllegalStateException(
                    "cannot reach the channel of " + connection.getClass().getName());
        }
        ChannelPipeline pipeline = base.channel().pipeline();
        if (pipeline.get(HeaderDeadline.DECODER) == null) {
            return; // not HTTP/1 (HTTP/2 is not enabled on Corral's servers)
        }
        HeaderDeadline deadline = new HeaderDeadline(headerTimeout);
        pipeline.addFirst("corral-header-bytes", deadline.bytesIn())
                .addAfter(HeaderDeadline.DECODER, "corral-header-end", deadline.decoded());
    }

    public HttpTimeouts withHeaderTimeout(Duration timeout) {
        return new HttpTimeouts(timeout, idleTimeout);
    }

    public HttpTimeouts withIdleTimeout(Duration timeout) {
        return new HttpTimeouts(headerTimeout, timeout);
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + duration);
        }
    }
}
