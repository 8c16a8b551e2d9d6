package dev.corral.engine.replica.server;

import java.time.Duration;
import java.util.Objects;

/**
 * What one replica connection may cost the server, and how long it may stall.
 *
 * @param maxQueuedAnswerBytes answer bytes queued for one client (written but not yet taken by
 *     its socket, plus room kept for the answers of its running disk operations); while the next
 *     request's answer would not fit, the server stops reading that connection's requests and
 *     resumes once the client has read enough. At least the largest answer the server can send
 *     ({@link ReplicaServerConfig#largestAnswerBytes()}), so one request is always servable.
 * @param frameTimeout a request frame that started arriving and is not complete by then closes the
 *     connection; time the server itself is not reading (back-pressure) does not count
 * @param idleTimeout a connection that sends nothing for this long while none of its disk
 *     operations runs is closed; well above the replica clients' ping interval (seconds)
 */
public record ReplicaConnectionLimits(long maxQueuedAnswerBytes, Duration frameTimeout, Duration idleTimeout) {
    /** 64 MiB queued (as an NBD connection), 30 s to finish a frame, 60 s idle. */
    public static final ReplicaConnectionLimits DEFAULT =
            new ReplicaConnectionLimits(64L << 20, Duration.ofSeconds(30), Duration.ofSeconds(60));

    public ReplicaConnectionLimits {
        requirePositive(frameTimeout, "frameTimeout");
        requirePositive(idleTimeout, "idleTimeout");
        if (maxQueuedAnswerBytes <= 0) {
            throw new IllegalArgumentException("maxQueuedAnswerBytes must be positive, got " + maxQueuedAnswerBytes);
        }
    }

    public ReplicaConnectionLimits withMaxQueuedAnswerBytes(long bytes) {
        return new ReplicaConnectionLimits(bytes, frameTimeout, idleTimeout);
    }

    public ReplicaConnectionLimits withFrameTimeout(Duration timeout) {
        return new ReplicaConnectionLimits(maxQueuedAnswerBytes, timeout, idleTimeout);
    }

    public ReplicaConnectionLimits withIdleTimeout(Duration timeout) {
        return new ReplicaConnectionLimits(maxQueuedAnswerBytes, frameTimeout, timeout);
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + duration);
        }
    }
}
