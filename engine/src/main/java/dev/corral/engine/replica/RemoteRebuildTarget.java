package dev.corral.engine.replica;

import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** {@link RebuildTarget} of a remote replica. */
public interface RemoteRebuildTarget {
    CompletableFuture<Void> prepareRebuild(List<LayerSpec> chain);

    /** Takes ownership of {@code data} (releases it). */
    CompletableFuture<Void> writeLayer(String name, long offset, ByteBuf data);

    CompletableFuture<Void> punchLayer(String name, long offset, long length);

    CompletableFuture<Void> finishRebuild();
}
