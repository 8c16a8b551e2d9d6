package dev.corral.engine.nbd;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link NbdServer} listens and how much each connection may have in flight.
 *
 * @param bindAddress where to listen; port 0 picks a free port (see {@link NbdServer#localAddress()})
 * @param ioThreads event-loop threads shared by all connections
 * @param maxInFlightRequests requests of one connection being executed at once; the server stops
 *     reading that connection's socket while the limit is reached
 * @param maxInFlightBytes READ/WRITE payload bytes of one connection being executed at once; a
 *     single request is always admitted when nothing else is in flight, so one connection holds at
 *     most this plus one maximum payload (32 MiB)
 * @param handshakeTimeout a connection that has not entered transmission by then is closed
 */
public record NbdServerConfig(
        InetSocketAddress bindAddress,
        int ioThreads,
        int maxInFlightRequests,
        long maxInFlightBytes,
        Duration handshakeTimeout) {

    public NbdServerConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
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
        return new NbdServerConfig(
                bindAddress,
                Runtime.getRuntime().availableProcessors(),
                128,
                64L * 1024 * 1024,
                Duration.ofSeconds(30));
    }

    public NbdServerConfig withIoThreads(int threads) {
        return new NbdServerConfig(bindAddress, threads, maxInFlightRequests, maxInFlightBytes, handshakeTimeout);
    }

    public NbdServerConfig withInFlightLimits(int requests, long bytes) {
        return new NbdServerConfig(bindAddress, ioThreads, requests, bytes, handshakeTimeout);
    }

    public NbdServerConfig withHandshakeTimeout(Duration timeout) {
        return new NbdServerConfig(bindAddress, ioThreads, maxInFlightRequests, maxInFlightBytes, timeout);
    }
}
