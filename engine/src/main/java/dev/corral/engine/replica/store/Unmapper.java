package dev.corral.engine.replica.store;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Makes a range read as zeros while snapshots keep their data:
 *
 * <ul>
 *   <li>whole blocks only the head holds: punch a hole in the head and forget the block;
 *   <li>whole blocks with data in a snapshot (whether or not the head also has them): write real
 *       zeros into the head. A hole would let the snapshot's data show through, and so would
 *       {@code FALLOC_FL_ZERO_RANGE}, whose unwritten extents SEEK_DATA reports as holes after a
 *       reopen;
 *   <li>partial edge blocks: zero just those bytes, copying the block up when a snapshot holds it.
 * </ul>
 *
 * Whether a snapshot holds a block the head owns is not in the map (it keeps only the newest owner),
 * so it is asked from the snapshot files with SEEK_DATA/SEEK_HOLE, a window of blocks at a time:
 * syscalls per extent, memory bounded by the window. Not thread-safe: the store serializes it.
 */
final class Unmapper {
    private static final int BLOCK_SHIFT = HeadWriter.BLOCK_SHIFT;
    private static final long BLOCK_SIZE = HeadWriter.BLOCK_SIZE;
    private static final long BLOCK_MASK = BLOCK_SIZE - 1;
    private static final int WINDOW_BLOCKS = 1 << 16;
    private static final int ZEROS_BYTES = 1 << 20;

    private final BlockMap map;
    private final HeadWriter writer;
    /** Only ever read from, so every store of the process shares it. */
    private static final MemorySegment ZEROS = Arena.global().allocate(ZEROS_BYTES, BLOCK_SIZE);

    /** Bit per block of the current window: some snapshot layer holds data there. */
    private final long[] lowerData = new long[WINDOW_BLOCKS / Long.SIZE];

    Unmapper(BlockMap map, HeadWriter writer) {
        this.map = map;
        this.writer = writer;
    }

    void unmap(LayerStack layers, long offset, long length) throws IOException {
        long end = offset + length;
        long wholeFrom = (offset + BLOCK_MASK) & ~BLOCK_MASK;
        long wholeTo = end & ~BLOCK_MASK;
        if (wholeFrom >= wholeTo) {
            // No whole block inside: at most two partial pieces, in one block or two neighbours.
            long split = Math.min(end, wholeFrom);
            zeroPartial(layers, offset, split - offset);
            zeroPartial(layers, split, end - split);
            return;
        }
        zeroPartial(layers, offset, wholeFrom - offset);
        zeroPartial(layers, wholeTo, end - wholeTo);
        discardWholeBlocks(layers, wholeFrom >>> BLOCK_SHIFT, wholeTo >>> BLOCK_SHIFT);
    }

    /** Zeros {@code length} bytes inside one block; nothing to do where the block is a hole. */
    private void zeroPartial(LayerStack layers, long position, long length) throws IOException {
        if (length > 0 && map.owner(position >>> BLOCK_SHIFT) != BlockMap.HOLE) {
            writer.write(layers, position, ZEROS.asSlice(0, length));
        }
    }

    private void discardWholeBlocks(LayerStack layers, long from, long to) throws IOException {
        int head = layers.headOwner();
        for (long windowStart = from; windowStart < to; windowStart += WINDOW_BLOCKS) {
            long windowEnd = Math.min(to, windowStart + WINDOW_BLOCKS);
            boolean scanned = false;
            long block = windowStart;
            while (block < windowEnd) {
                int owner = map.owner(block);
                long runEnd = map.runEnd(block, owner, windowEnd);
                if (owner != BlockMap.HOLE && owner != head) {
                    writeZeros(layers, block, runEnd);
                } else if (owner == head) {
                    if (!scanned) {
                        scanLowerData(layers, windowStart, windowEnd);
                        scanned = true;
                    }
                    discardHeadRun(layers, windowStart, block, runEnd);
                }
                block = runEnd;
            }
        }
    }

    /** Splits a head-owned run into parts a snapshot also holds (zeros) and head-only parts (holes). */
    private void discardHeadRun(LayerStack layers, long windowStart, long from, long to) throws IOException {
        long block = from;
        while (block < to) {
            boolean shadowsSnapshot = lowerDataAt(block - windowStart);
            long runEnd = block + 1;
            while (runEnd < to && lowerDataAt(runEnd - windowStart) == shadowsSnapshot) {
                runEnd++;
            }
            if (shadowsSnapshot) {
                writeZeros(layers, block, runEnd);
            } else {
                punch(layers, block, runEnd);
            }
            block = runEnd;
        }
    }

    private void scanLowerData(LayerStack layers, long windowStart, long windowEnd) throws IOException {
        Arrays.fill(lowerData, 0);
        long windowEndByte = windowEnd << BLOCK_SHIFT;
        for (int owner = 1; owner < layers.headOwner(); owner++) {
            NativeFile snapshot = layers.file(owner);
            long position = windowStart << BLOCK_SHIFT;
            while (position < windowEndByte) {
                long data = snapshot.nextData(position);
                if (data < 0 || data >= windowEndByte) {
                    break;
                }
                long hole = Math.min(snapshot.nextHole(data), windowEndByte);
                long firstBlock = data >>> BLOCK_SHIFT;
                long endBlock = (hole + BLOCK_MASK) >>> BLOCK_SHIFT;
                for (long b = firstBlock; b < endBlock; b++) {
                    long bit = b - windowStart;
                    lowerData[(int) (bit >>> 6)] |= 1L << bit;
                }
                position = hole;
            }
        }
    }

    private boolean lowerDataAt(long bit) {
        return (lowerData[(int) (bit >>> 6)] & (1L << bit)) != 0;
    }

    private void punch(LayerStack layers, long from, long to) throws IOException {
        long position = from << BLOCK_SHIFT;
        long length = (to - from) << BLOCK_SHIFT;
        if (layers.head().punchHole(position, length)) {
            map.assign(from, to, BlockMap.HOLE);
        } else {
            writeZeros(layers, from, to);
        }
    }

    /**
     * Zeros whole blocks {@code [from, to)} by writing them into the head, never punching: used
     * while the layers below are still being rebuilt, when neither the map nor the lower files can
     * tell whether a hole would let stale data show through.
     */
    void zeroBlocksInHead(LayerStack layers, long from, long to) throws IOException {
        writeZeros(layers, from, to);
    }

    /** Real zeros in the head for {@code [from, to)}, a megabyte per pwrite; the head then owns them. */
    private void writeZeros(LayerStack layers, long from, long to) throws IOException {
        long position = from << BLOCK_SHIFT;
        long end = to << BLOCK_SHIFT;
        while (position < end) {
            long chunk = Math.min(ZEROS_BYTES, end - position);
            layers.head().writeFully(position, ZEROS.asSlice(0, chunk));
            position += chunk;
        }
        map.assign(from, to, layers.headOwner());
    }
}
