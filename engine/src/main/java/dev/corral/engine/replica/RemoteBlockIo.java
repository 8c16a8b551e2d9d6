package dev.corral.engine.replica;

import dev.corral.engine.block.Extent;
import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** {@link BlockStore} of a remote replica: what the controller's read and write path sends. */
public interface RemoteBlockIo {
    /** The caller owns (and releases) the returned buffer. */
    CompletableFuture<ByteBuf> read(long offset, int length);

    /** Takes ownership of {@code data} (releases it). */
    CompletableFuture<Void> write(long offset, ByteBuf data);

    CompletableFuture<Void> unmap(long offset, long length);

    CompletableFuture<Void> flush();

    CompletableFuture<List<Extent>> extents(long offset, long length);
}
