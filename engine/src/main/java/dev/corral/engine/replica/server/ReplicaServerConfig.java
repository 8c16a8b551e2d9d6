package dev.corral.engine.replica.server;

import dev.corral.engine.replica.auth.PeerAuthentication;
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
 */
public record ReplicaServerConfig(
        int ioThreads, int syncThreads, int maxDataBytes, Duration shutdownGrace, PeerAuthentication authentication) {
    public static final ReplicaServerConfig DEFAULT = new ReplicaServerConfig(
            Runtime.getRuntime().availableProcessors(),
            4,
            WireFormat.MAX_DATA_BYTES,
            Duration.ofSeconds(5),
            PeerAuthentication.none());

    public ReplicaServerConfig {
        if (ioThreads <= 0 || syncThreads <= 0) {
            throw new IllegalArgumentException("need at least one I/O and one sync thread");
        }
        WireFormat.requireDataLimit(maxDataBytes);
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        Objects.requireNonNull(authentication, "authentication");
    }

    public ReplicaServerConfig withIoThreads(int threads) {
        return new ReplicaServerConfig(threads, syncThreads, maxDataBytes, shutdownGrace, authentication);
    }

    public ReplicaServerConfig withSyncThreads(int threads) {
        return new ReplicaServerConfig(ioThreads, threads, maxDataBytes, shutdownGrace, authentication);
    }

    public ReplicaServerConfig withMaxDataBytes(int bytes) {
        return new ReplicaServerConfig(ioThreads, syncThreads, bytes, shutdownGrace, authentication);
    }

    public ReplicaServerConfig withShutdownGrace(Duration grace) {
        return new ReplicaServerConfig(ioThreads, syncThreads, maxDataBytes, grace, authentication);
    }

    public ReplicaServerConfig withAuthentication(PeerAuthentication required) {
        return new ReplicaServerConfig(ioThreads, syncThreads, maxDataBytes, shutdownGrace, required);
    }
}
