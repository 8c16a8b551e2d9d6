package dev.corral.engine.replica.store;

import dev.corral.engine.block.BlockIoException;
import dev.corral.engine.block.IoError;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * Writes into the head layer. Whole blocks go straight to the head file in one pwrite. A partially
 * covered edge block whose current data lives in a snapshot is copied up first: the old block is
 * read, the new bytes laid over it and the whole block written to the head, because the head now
 * owns the entire block and must hold its unchanged bytes too. Partial blocks that are holes or
 * already in the head are written as they are (the rest of the block is already right there).
 *
 * <p>The map is updated only after the data is in the head, so a failed write changes nothing a
 * reader can see, and bytes outside the written range are never altered. Not thread-safe: the
 * store serializes mutations.
 */
final class HeadWriter {
    static final int BLOCK_SHIFT = 12;
    static final int BLOCK_SIZE = 1 << BLOCK_SHIFT;
    private static final long BLOCK_MASK = BLOCK_SIZE - 1;

    /**
     * Heap buffers cannot be handed to pwrite, so they are copied through this buffer: one per
     * thread that needs it, not one per store, since a process may host hundreds of stores and the
     * replica servers hand over direct buffers anyway.
     */
    private static final int BOUNCE_BYTES = 1 << 20;

    private static final ThreadLocal<MemorySegment> BOUNCE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(BOUNCE_BYTES, BLOCK_SIZE));

    private final BlockMap map;
    private final MemorySegment copyUpBlock = Arena.ofAuto().allocate(BLOCK_SIZE, BLOCK_SIZE);

    HeadWriter(BlockMap map) {
        this.map = map;
    }

    /** Writes the remaining bytes of {@code src} (its position is left to the caller). */
    void write(LayerStack layers, long offset, ByteBuffer src) throws IOException {
        MemorySegment source = MemorySegment.ofBuffer(src);
        if (src.isDirect()) {
            write(layers, offset, source);
            return;
        }
        long length = source.byteSize();
        MemorySegment bounce = BOUNCE.get();
        for (long done = 0; done < length; done += BOUNCE_BYTES) {
            long chunk = Math.min(BOUNCE_BYTES, length - done);
            MemorySegment.copy(source, done, bounce, 0, chunk);
            write(layers, offset + done, bounce.asSlice(0, chunk));
        }
    }

    /**
     * Writes all of {@code src} at volume offset {@code offset}. A write the disk has no room for
     * leaves no bytes behind: the blocks it was giving the head for the first time are punched out
     * again, so they read as before (from a snapshot, or as zeros) on this replica as on the others,
     * which may have taken the write. Blocks the head already held are overwritten in place, which
     * needs no new space.
     */
    void write(LayerStack layers, long offset, MemorySegment src) throws IOException {
        if (src.byteSize() == 0) {
            return;
        }
        try {
            writeBlocks(layers, offset, src);
        } catch (BlockIoException e) {
            if (e.error() == IoError.NO_SPACE) {
                undoNewBlocks(layers, offset >>> BLOCK_SHIFT, ((offset + src.byteSize() - 1) >>> BLOCK_SHIFT) + 1);
            }
            throw e;
        }
    }

    /** Punches the head where the map says it did not hold the block (the map is not updated yet). */
    private void undoNewBlocks(LayerStack layers, long from, long to) throws IOException {
        int head = layers.headOwner();
        long block = from;
        while (block < to) {
            int owner = map.owner(block);
            long runEnd = map.runEnd(block, owner, to);
            if (owner != head) {
                layers.head().punchHole(block << BLOCK_SHIFT, (runEnd - block) << BLOCK_SHIFT);
            }
            block = runEnd;
        }
    }

    private void writeBlocks(LayerStack layers, long offset, MemorySegment src) throws IOException {
        long length = src.byteSize();
        long end = offset + length;
        long firstBlock = offset >>> BLOCK_SHIFT;
        long lastBlock = (end - 1) >>> BLOCK_SHIFT;
        long directFrom = offset;
        long directTo = end;

        long firstBlockEnd = (firstBlock + 1) << BLOCK_SHIFT;
        boolean firstPartial = (offset & BLOCK_MASK) != 0 || end < firstBlockEnd;
        if (firstPartial && layers.isLower(map.owner(firstBlock))) {
            long covered = Math.min(end, firstBlockEnd);
            copyUp(layers, firstBlock, offset, src.asSlice(0, covered - offset));
            directFrom = covered;
        }
        boolean lastPartial = lastBlock != firstBlock && (end & BLOCK_MASK) != 0;
        if (lastPartial && layers.isLower(map.owner(lastBlock))) {
            long lastBlockStart = lastBlock << BLOCK_SHIFT;
            copyUp(layers, lastBlock, lastBlockStart, src.asSlice(lastBlockStart - offset));
            directTo = lastBlockStart;
        }
        if (directFrom < directTo) {
            layers.head().writeFully(directFrom, src.asSlice(directFrom - offset, directTo - directFrom));
        }
        map.assign(firstBlock, lastBlock + 1, layers.headOwner());
    }

    /** Writes block {@code block} into the head: its snapshot data with {@code bytes} laid over at {@code at}. */
    private void copyUp(LayerStack layers, long block, long at, MemorySegment bytes) throws IOException {
        long blockStart = block << BLOCK_SHIFT;
        layers.file(map.owner(block)).readFully(blockStart, copyUpBlock);
        MemorySegment.copy(bytes, 0, copyUpBlock, at - blockStart, bytes.byteSize());
        layers.head().writeFully(blockStart, copyUpBlock);
    }
}
