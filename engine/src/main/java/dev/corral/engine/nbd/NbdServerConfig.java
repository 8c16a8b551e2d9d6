package dev.corral.engine.nbd;

import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How an {@link NbdServer} listens and how much each connection may have in flight.
 *
 * @param listener where to listen: TCP, or a Unix socket only its owner may open
 * @param ioThreads event-loop threads shared by all connections
 * @param maxInFlightRequests requests of one connection being executed at once; the server stops
 *     reading that connection's socket while the limit is reached
 * @param maxInFlightBytes READ/WRITE payload bytes of one connection being executed at once; a
 *     single request is always admitted when nothing else is in flight, so one connection holds at
 *     most this plus one maximum payload (32 MiB)
 * @param handshakeTimeout a connection that has not entered transmission by then is closed
 * @param tls when present, a client must start TLS (NBD_OPT_STARTTLS) before anything else, and
 *     the context decides which client certificates it accepts; nothing is served in plain text
 */
public record NbdServerConfig(
        NbdListener listener,
        int ioThreads,
        int maxInFlightRequests,
        long maxInFlightBytes,
        Duration handshakeTimeout,
        Optional<SslContext> tls) {

    public NbdServerConfig {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        Objects.requireNonNull(tls, "tls");
        if (tls.isPresent() && !tls.get().isServer()) {
            throw new IllegalArgumentException("the NBD server needs a server-side TLS context");
        }
        if (ioThreads < 1 || maxInFlightRequests < 1 || maxInFlightBytes < 1) {
            throw new IllegalArgumentException("ioThreads, maxInFlightRequests and maxInFlightBytes must be positive");
        }
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshakeTimeout must be positive, got " + handshakeTimeout);
        }
    }

    /**
     * One I/O thread per core, 128 requests and 64 MiB per connection (deep enough for QD128 of
     * 256 KiB copies), 30 s to finish the handshake.
     */
    public static NbdServerConfig defaults(InetSocketAddress bindAddress) {
        return defaults(new NbdListener.Tcp(bindAddress));
    }

    /** The same defaults on a Unix socket. */
    public static NbdServerConfig defaults(Path unixSocket) {
        return defaults(new NbdListener.UnixSocket(unixSocket));
    }

    private static NbdServerConfig defaults(NbdListener listener) {
        return new NbdServerConfig(
                listener,
                Runtime.getRuntime().availableProcessors(),
                128,
                64L * 1024 * 1024,
                Duration.ofSeconds(30),
                Optional.empty());
    }

    public NbdServerConfig withIoThreads(int threads) {
        return new NbdServerConfig(listener, threads, maxInFlightRequests, maxInFlightBytes, handshakeTimeout, tls);
    }

    public NbdServerConfig withInFlightLimits(int requests, long bytes) {
        return new NbdServerConfig(listener, ioThreads, requests, bytes, handshakeTimeout, tls);
    }

    public NbdServerConfig withHandshakeTimeout(Duration timeout) {
        return new NbdServerConfig(listener, ioThreads, maxInFlightRequests, maxInFlightBytes, timeout, tls);
    }

    /** TLS required on every connection, with the clients {@code context} accepts. */
    public NbdServerConfig withTls(SslContext context) {
        return new NbdServerConfig(
                listener, ioThreads, maxInFlightRequests, maxInFlightBytes, handshakeTimeout, Optional.of(context));
    }
}
