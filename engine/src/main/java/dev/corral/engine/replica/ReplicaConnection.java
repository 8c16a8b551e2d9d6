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

    CompletableFuture<Void> snapshot(String name);

    CompletableFuture<List<Extent>> extents(long offset, long length);

    /**
     * Called once, from any thread, when the connection is considered dead: lost, or a request or
     * ping not answered within the timeout. Every request in flight has failed by then.
     */
    void onFailure(Consumer<Throwable> listener);

    @Override
    void close();
}
