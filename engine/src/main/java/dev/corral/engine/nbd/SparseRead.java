package dev.corral.engine.nbd;

import dev.corral.engine.block.BlockDevice;
import dev.corral.engine.block.Extent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A structured read that sends holes as NBD_REPLY_TYPE_OFFSET_HOLE instead of zeros. Worth an extra
 * allocation lookup only for large reads; small reads and DF reads are read in one piece.
 */
final class SparseRead {
    /** Reads shorter than this are not worth asking the device for its allocation map. */
    static final int MIN_LENGTH = 64 * 1024;

    /** A range this fragmented is read in one piece rather than as many small reads. */
    static final int MAX_CHUNKS = 64;

    private SparseRead() {}

    /**
     * Content chunks covering {@code [offset, offset + length)} in order. When the allocation map
     * fails, does not cover the range, is too fragmented or has no holes, the range is read in one
     * piece. Fails if any read fails, after releasing the buffers of those that succeeded.
     */
    static CompletableFuture<List<ReadChunk>> read(BlockDevice device, long offset, int length) {
        return device.extents(offset, length)
                .handle((extents, failure) -> {
                    List<Extent> runs = failure == null ? ExtentRuns.within(extents, offset, length) : List.of();
                    boolean covered = !runs.isEmpty() && runs.getLast().end() == offset + length;
                    boolean hasHoles = runs.stream().anyMatch(run -> !run.allocated());
                    return covered && hasHoles && runs.size() <= MAX_CHUNKS
                            ? readRuns(device, runs)
                            : readWhole(device, offset, length);
                })
                .thenCompose(chunks -> chunks);
    }

    private static CompletableFuture<List<ReadChunk>> readWhole(BlockDevice device, long offset, int length) {
        return device.read(offset, length).thenApply(data -> List.of(new ReadChunk.Data(offset, length, data)));
    }

    private static CompletableFuture<List<ReadChunk>> readRuns(BlockDevice device, List<Extent> runs) {
        List<CompletableFuture<? extends ReadChunk>> pending = new ArrayList<>(runs.size());
        for (Extent run : runs) {
            int runLength = (int) run.length();
            pending.add(
                    run.allocated()
                            ? device.read(run.offset(), runLength)
                                    .thenApply(data -> new ReadChunk.Data(run.offset(), runLength, data))
                            : CompletableFuture.completedFuture(new ReadChunk.Hole(run.offset(), runLength)));
        }
        return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new))
                .handle((ignored, failure) -> {
                    List<ReadChunk> chunks = new ArrayList<>(pending.size());
                    for (CompletableFuture<? extends ReadChunk> chunk : pending) {
                        if (!chunk.isCompletedExceptionally()) {
                            chunks.add(chunk.join());
                        }
                    }
                    if (failure != null) {
                        ReadChunk.releaseAll(chunks);
                        throw failure instanceof RuntimeException r ? r : new IllegalStateException(failure);
                    }
                    return chunks;
                });
    }
}
