package dev.corral.engine.replica.store;

import dev.corral.engine.block.Extent;
import dev.corral.engine.replica.LayerDigests;
import dev.corral.engine.replica.LayerSummary;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import net.openhft.hashing.LongHashFunction;

/**
 * Reads one layer file on its own, without the chain: its data extents (SEEK_DATA/SEEK_HOLE,
 * rounded out to 4 KiB blocks, as the block map rounds them), its bytes, and digests of its
 * allocated blocks. Source and target of a rebuild run this same code, so their digests and
 * summaries are comparable.
 */
final class LayerFileScanner {
    private static final int BLOCK_SHIFT = 12;
    private static final long BLOCK_SIZE = 1L << BLOCK_SHIFT;
    private static final long BLOCK_MASK = BLOCK_SIZE - 1;
    private static final int CHUNK_BYTES = 1 << 20;
    /** Summaries digest this many blocks at a time, so memory stays bounded for any layer size. */
    private static final long SUMMARY_WINDOW_BLOCKS = 1L << 16;

    private static final LongHashFunction BLOCK_HASH = LongHashFunction.xx3();
    private static final ThreadLocal<MemorySegment> CHUNK =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CHUNK_BYTES, BLOCK_SIZE));

    private LayerFileScanner() {}

    /** Block-rounded data runs of {@code file} inside {@code [from, to)}, as (start, end) pairs. */
    static List<long[]> dataRuns(NativeFile file, long from, long to) throws IOException {
        List<long[]> runs = new ArrayList<>();
        long position = from & ~BLOCK_MASK;
        while (position < to) {
            long data = file.nextData(position);
            if (data < 0 || data >= to) {
                break;
            }
            long hole = file.nextHole(data);
            long start = Math.max(from, data & ~BLOCK_MASK);
            long end = Math.min(to, (hole + BLOCK_MASK) & ~BLOCK_MASK);
            if (!runs.isEmpty() && runs.getLast()[1] >= start) {
                runs.getLast()[1] = end;
            } else {
                runs.add(new long[] {start, end});
            }
            position = (hole + BLOCK_MASK) & ~BLOCK_MASK;
        }
        return runs;
    }

    /** Allocated and unallocated runs of the layer file over the range, in order, without gaps. */
    static List<Extent> extents(NativeFile file, long offset, long length) throws IOException {
        long end = offset + length;
        List<Extent> extents = new ArrayList<>();
        long position = offset;
        for (long[] run : dataRuns(file, offset, end)) {
            if (run[0] > position) {
                extents.add(new Extent(position, run[0] - position, false));
            }
            extents.add(new Extent(run[0], run[1] - run[0], true));
            position = run[1];
        }
        if (position < end) {
            extents.add(new Extent(position, end - position, false));
        }
        return extents;
    }

    /** Fills the remaining bytes of {@code dst} from the layer file; holes read as zeros. */
    static void read(NativeFile file, long offset, ByteBuffer dst) throws IOException {
        MemorySegment target = MemorySegment.ofBuffer(dst);
        if (dst.isDirect()) {
            file.readFully(offset, target);
        } else {
            MemorySegment chunk = CHUNK.get();
            for (long done = 0; done < target.byteSize(); done += CHUNK_BYTES) {
                long length = Math.min(CHUNK_BYTES, target.byteSize() - done);
                file.readFully(offset + done, chunk.asSlice(0, length));
                MemorySegment.copy(chunk, 0, target, done, length);
            }
        }
        dst.position(dst.limit());
    }

    /** Index and xxHash3 of every allocated block starting in {@code [offset, offset + length)}. */
    static LayerDigests digests(NativeFile file, long offset, long length) throws IOException {
        long from = (offset + BLOCK_MASK) & ~BLOCK_MASK;
        long to = (offset + length + BLOCK_MASK) & ~BLOCK_MASK;
        List<long[]> runs = dataRuns(file, from, to);
        int count = 0;
        for (long[] run : runs) {
            count = Math.addExact(count, (int) ((run[1] - run[0]) >>> BLOCK_SHIFT));
        }
        long[] blocks = new long[count];
        long[] hashes = new long[count];
        MemorySegment chunk = CHUNK.get();
        // Hashing by address reads the native buffer in place (a direct ByteBuffer would need sun.nio.ch).
        long chunkAddress = chunk.address();
        int next = 0;
        for (long[] run : runs) {
            for (long position = run[0]; position < run[1]; position += CHUNK_BYTES) {
                int bytes = (int) Math.min(CHUNK_BYTES, run[1] - position);
                file.readFully(position, chunk.asSlice(0, bytes));
                for (int at = 0; at < bytes; at += (int) BLOCK_SIZE) {
                    blocks[next] = (position + at) >>> BLOCK_SHIFT;
                    hashes[next] = BLOCK_HASH.hashMemory(chunkAddress + at, BLOCK_SIZE);
                    next++;
                }
            }
        }
        return new LayerDigests(blocks, hashes);
    }

    /**
     * A hash over every (block index, block hash) pair of the file, in order, chained window by
     * window, and the number of allocated blocks. Windows without data leave the hash unchanged, so
     * two files with the same blocks agree whatever their apparent sizes.
     */
    static LayerSummary summary(NativeFile file) throws IOException {
        long fileSize = file.size();
        long hash = 0;
        long blocks = 0;
        long windowBytes = SUMMARY_WINDOW_BLOCKS << BLOCK_SHIFT;
        for (long position = 0; position < fileSize; position += windowBytes) {
            LayerDigests window = digests(file, position, Math.min(windowBytes, fileSize - position));
            if (window.count() == 0) {
                continue;
            }
            long[] pairs = new long[window.count() * 2];
            for (int i = 0; i < window.count(); i++) {
                pairs[2 * i] = window.blocks()[i];
                pairs[2 * i + 1] = window.hashes()[i];
            }
            hash = LongHashFunction.xx3(hash).hashLongs(pairs);
            blocks += window.count();
        }
        return new LayerSummary(blocks, hash);
    }
}
