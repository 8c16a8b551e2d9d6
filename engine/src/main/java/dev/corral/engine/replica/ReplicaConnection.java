package dev.corral.engine.replica;

import dev.corral.engine.block.Extent;
import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The controller's view of one remote replica server. Failures complete futures exceptionally with
 * a {@link dev.corral.engine.block.BlockIoException}: the replica's own error (IO, NO_SPACE,
 * INVALID), TIMED_OUT when it did not answer in time, DISCONNECTED when the connection is gone.
 */
public interface ReplicaConnection extends AutoCloseable {
    /** host:port of the replica server. */
    String address();

    /** The caller owns (and releases) the returned buffer. */
    CompletableFuture<ByteBuf> read(long offset, int length);

    /** Takes ownership of {@code data} (releases it). */
    CompletableFuture<Void> write(long offset, ByteBuf data);

    CompletableFuture<Void> unmap(long offset, long length);

    CompletableFuture<Void> flush();

    CompletableFuture<Void> ping();

    CompletableFuture<ReplicaInfo> info();

    /** A user-created snapshot. */
    default CompletableFuture<Void> snapshot(String name) {
        return snapshot(name, true);
    }

    /** {@code userCreated} is false for snapshots the system takes (a rebuild's starting point). */
    CompletableFuture<Void> snapshot(String name, boolean userCreated);

    CompletableFuture<List<Extent>> extents(long offset, long length);

    /** Grows the replica to {@code newSize} bytes (INVALID for a shrink). */
    CompletableFuture<Void> grow(long newSize);

    // Snapshot tree (the volume must be offline for revert).

    /** The layer tree, parents before children, the head last. */
    CompletableFuture<List<LayerInfo>> layers();

    CompletableFuture<Void> removeSnapshot(String name);

    CompletableFuture<Void> purge();

    CompletableFuture<Void> revert(String name);

    // Rebuild, source side: one layer file at a time.

    CompletableFuture<List<Extent>> layerExtents(String name, long offset, long length);

    /** The caller owns (and releases) the returned buffer. */
    CompletableFuture<ByteBuf> readLayer(String name, long offset, int length);

    /** Digests of the layer's allocated blocks in a range of at most 1 GiB. */
    CompletableFuture<LayerDigests> layerDigests(String name, long offset, long length);

    CompletableFuture<LayerSummary> layerSummary(String name);

    // Rebuild, target side.

    CompletableFuture<Void> prepareRebuild(List<LayerSpec> chain);

    /** Takes ownership of {@code data} (releases it). */
    CompletableFuture<Void> writeLayer(String name, long offset, ByteBuf data);

    CompletableFuture<Void> punchLayer(String name, long offset, long length);

    CompletableFuture<Void> finishRebuild();

    /**
     * Called once, from any thread, when the connection is considered dead: lost, or a request or
     * ping not answered within the timeout. Every request in flight has failed by then.
     */
    void onFailure(Consumer<Throwable> listener);

    @Override
    void close();
}
