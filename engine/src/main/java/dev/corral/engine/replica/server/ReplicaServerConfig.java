package dev.corral.engine.replica.server;

import dev.corral.engine.replica.auth.PeerAuthentication;
import dev.corral.engine.wire.Opcode;
import dev.corral.engine.wire.WireFormat;
import java.time.Duration;
import java.util.Objects;

/**
 * Tuning of a {@link ReplicaServer}.
 *
 * @param ioThreads event loop threads serving connections (reads, writes and other page-cache ops
 *     run on them)
 * @param syncThreads threads for the operations that wait for the disk: flush, snapshot, grow
 * @param maxDataBytes largest READ or WRITE accepted, at most {@link WireFormat#MAX_DATA_BYTES}
 * @param shutdownGrace how long {@link ReplicaServer#close()} waits for running disk operations
 * @param authentication what a client must prove before its first request is read; none by default
 * @param limits what one connection may queue, and how long it may stall
 */
public record ReplicaServerConfig(
        int ioThreads,
        int syncThreads,
        int maxDataBytes,
        Duration shutdownGrace,
        PeerAuthentication authentication,
        ReplicaConnectionLimits limits) {
    public static final ReplicaServerConfig DEFAULT = new ReplicaServerConfig(
            Runtime.getRuntime().availableProcessors(),
            4,
            WireFormat.MAX_DATA_BYTES,
            Duration.ofSeconds(5),
            PeerAuthentication.none(),
            ReplicaConnectionLimits.DEFAULT);

    public ReplicaServerConfig {
        if (ioThreads <= 0 || syncThreads <= 0) {
            throw new IllegalArgumentException("need at least one I/O and one sync thread");
        }
        WireFormat.requireDataLimit(maxDataBytes);
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        Objects.requireNonNull(authentication, "authentication");
        Objects.requireNonNull(limits, "limits");
        if (limits.maxQueuedAnswerBytes() < largestAnswerBytes(maxDataBytes)) {
            throw new IllegalArgumentException("maxQueuedAnswerBytes " + limits.maxQueuedAnswerBytes()
                    + " is below the largest answer of " + largestAnswerBytes(maxDataBytes) + " bytes");
        }
    }

    /** The largest answer frame this server may send: a READ of maxDataBytes, or a full EXTENTS list. */
    public long largestAnswerBytes() {
        return largestAnswerBytes(maxDataBytes);
    }

    private static long largestAnswerBytes(int maxDataBytes) {
        long payload = 0;
        for (Opcode op : Opcode.values()) {
            payload = Math.max(payload, WireFormat.payloadLimit(op, maxDataBytes));
        }
        return WireFormat.RESPONSE_HEADER_BYTES + Math.max(payload, WireFormat.MAX_ERROR_MESSAGE_BYTES);
    }

    public ReplicaServerConfig withIoThreads(int threads) {
        return new ReplicaServerConfig(threads, syncThreads, maxDataBytes, shutdownGrace, authentication, limits);
    }

    public ReplicaServerConfig withSyncThreads(int threads) {
        return new ReplicaServerConfig(ioThreads, threads, maxDataBytes, shutdownGrace, authentication, limits);
    }

    public ReplicaServerConfig withMaxDataBytes(int bytes) {
        return new ReplicaServerConfig(ioThreads, syncThreads, bytes, shutdownGrace, authentication, limits);
    }

    public ReplicaServerConfig withShutdownGrace(Duration grace) {
        return new ReplicaServerConfig(ioThreads, syncThreads, maxDataBytes, grace, authentication, limits);
    }

    public ReplicaServerConfig withLimits(ReplicaConnectionLimits connectionLimits) {
        return new ReplicaServerConfig(
                ioThreads, syncThreads, maxDataBytes, shutdownGrace, authentication, connectionLimits);
    }

    public ReplicaServerConfig withAuthentication(PeerAuthentication required) {
        return new ReplicaServerConfig(ioThreads, syncThreads, maxDataBytes, shutdownGrace, required, limits);
    }
}
