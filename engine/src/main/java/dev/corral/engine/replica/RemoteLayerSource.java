package dev.corral.engine.replica;

import dev.corral.engine.block.Extent;
import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** {@link LayerSource} of a remote replica: asked of the rebuild's source and of its target. */
public interface RemoteLayerSource {
    CompletableFuture<List<Extent>> layerExtents(String name, long offset, long length);

    /** The caller owns (and releases) the returned buffer. */
    CompletableFuture<ByteBuf> readLayer(String name, long offset, int length);

    /** Digests of the layer's allocated blocks in a range of at most 1 GiB. */
    CompletableFuture<LayerDigests> layerDigests(String name, long offset, long length);

    CompletableFuture<LayerSummary> layerSummary(String name);
}
