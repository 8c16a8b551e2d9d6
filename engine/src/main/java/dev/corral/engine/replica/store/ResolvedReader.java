package dev.corral.engine.replica.store;

import dev.corral.engine.block.Extent;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the volume as the layers resolve it: each run of blocks owned by one layer becomes one
 * positional read of that layer's file, and runs of holes are zero-filled in memory, so the cost is
 * one syscall per run and none per block.
 */
final class ResolvedReader {
    private static final int BLOCK_SHIFT = 12;
    private static final long BLOCK_SIZE = 1L << BLOCK_SHIFT;

    /** Heap buffers cannot be handed to pread, so they are filled through this per-thread buffer. */
    private static final int BOUNCE_BYTES = 1 << 20;

    private static final ThreadLocal<MemorySegment> BOUNCE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(BOUNCE_BYTES, BLOCK_SIZE));

    private final BlockMap map;

    ResolvedReader(BlockMap map) {
        this.map = map;
    }

    /** Fills the remaining bytes of {@code dst} (its position is left to the caller). */
    void read(LayerStack layers, long offset, ByteBuffer dst) throws IOException {
        MemorySegment target = MemorySegment.ofBuffer(dst);
        if (dst.isDirect()) {
            read(layers, offset, target);
            return;
        }
        MemorySegment bounce = BOUNCE.get();
        long length = target.byteSize();
        for (long done = 0; done < length; done += BOUNCE_BYTES) {
            long chunk = Math.min(BOUNCE_BYTES, length - done);
            read(layers, offset + done, bounce.asSlice(0, chunk));
            MemorySegment.copy(bounce, 0, target, done, chunk);
        }
    }

    /** Fills all of {@code dst} with the volume's bytes from {@code offset}. */
    void read(LayerStack layers, long offset, MemorySegment dst) throws IOException {
        long end = offset + dst.byteSize();
        long endBlock = blockCeiling(end);
        long position = offset;
        while (position < end) {
            long block = position >>> BLOCK_SHIFT;
            int owner = map.owner(block);
            long runEnd = Math.min(end, map.runEnd(block, owner, endBlock) << BLOCK_SHIFT);
            MemorySegment target = dst.asSlice(position - offset, runEnd - position);
            if (owner == BlockMap.HOLE) {
                target.fill((byte) 0);
            } else {
                layers.file(owner).readFully(position, target);
            }
            position = runEnd;
        }
    }

    /** Allocated and unallocated runs over {@code [offset, offset + length)}, coalesced, in order. */
    List<Extent> extents(long offset, long length) {
        List<Extent> extents = new ArrayList<>();
        long end = offset + length;
        long endBlock = blockCeiling(end);
        long position = offset;
        while (position < end) {
            long block = position >>> BLOCK_SHIFT;
            boolean allocated = map.owner(block) != BlockMap.HOLE;
            long runEnd = Math.min(end, map.allocationRunEnd(block, allocated, endBlock) << BLOCK_SHIFT);
            extents.add(new Extent(position, runEnd - position, allocated));
            position = runEnd;
        }
        return extents;
    }

    private static long blockCeiling(long position) {
        return (position + BLOCK_SIZE - 1) >>> BLOCK_SHIFT;
    }
}
