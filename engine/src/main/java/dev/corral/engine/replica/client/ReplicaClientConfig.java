package dev.corral.engine.replica.client;

import dev.corral.engine.replica.auth.PeerAuthentication;
import dev.corral.engine.wire.WireFormat;
import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of a {@link ReplicaClient}.
 *
 * @param connections TCP connections to the replica; requests are spread over them round-robin
 * @param requestTimeout a request (or ping) not answered within this kills the whole client
 * @param pingInterval how often each connection pings an otherwise quiet replica
 * @param connectTimeout how long to wait for each TCP connection
 * @param maxPayloadBytes largest READ or WRITE accepted, at most {@link WireFormat#MAX_DATA_BYTES}
 * @param authentication how the client and the replica prove who they are before the first request;
 *     none by default. With authentication, {@code connect} completes only once every connection
 *     has passed the handshake.
 */
public record ReplicaClientConfig(
        int connections,
        Duration requestTimeout,
        Duration pingInterval,
        Duration connectTimeout,
        int maxPayloadBytes,
        PeerAuthentication authentication) {
    public static final ReplicaClientConfig DEFAULT = new ReplicaClientConfig(
            2,
            Duration.ofSeconds(8),
            Duration.ofSeconds(2),
            Duration.ofSeconds(5),
            WireFormat.MAX_DATA_BYTES,
            PeerAuthentication.none());

    public ReplicaClientConfig {
        if (connections <= 0) {
            throw new IllegalArgumentException("need at least one connection");
        }
        requirePositive(requestTimeout, "requestTimeout");
        requirePositive(pingInterval, "pingInterval");
        requirePositive(connectTimeout, "connectTimeout");
        if (maxPayloadBytes <= 0 || maxPayloadBytes > WireFormat.MAX_DATA_BYTES) {
            throw new IllegalArgumentException("maxPayloadBytes must be 1.." + WireFormat.MAX_DATA_BYTES);
        }
        Objects.requireNonNull(authentication, "authentication");
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    public ReplicaClientConfig withConnections(int count) {
        return new ReplicaClientConfig(
                count, requestTimeout, pingInterval, connectTimeout, maxPayloadBytes, authentication);
    }

    public ReplicaClientConfig withRequestTimeout(Duration timeout) {
        return new ReplicaClientConfig(
                connections, timeout, pingInterval, connectTimeout, maxPayloadBytes, authentication);
    }

    public ReplicaClientConfig withPingInterval(Duration interval) {
        return new ReplicaClientConfig(
                connections, requestTimeout, interval, connectTimeout, maxPayloadBytes, authentication);
    }

    public ReplicaClientConfig withConnectTimeout(Duration timeout) {
        return new ReplicaClientConfig(
                connections, requestTimeout, pingInterval, timeout, maxPayloadBytes, authentication);
    }

    public ReplicaClientConfig withMaxPayloadBytes(int bytes) {
        return new ReplicaClientConfig(
                connections, requestTimeout, pingInterval, connectTimeout, bytes, authentication);
    }

    public ReplicaClientConfig withAuthentication(PeerAuthentication required) {
        return new ReplicaClientConfig(
                connections, requestTimeout, pingInterval, connectTimeout, maxPayloadBytes, required);
    }
}
