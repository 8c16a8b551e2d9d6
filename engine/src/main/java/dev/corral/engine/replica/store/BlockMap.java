package dev.corral.engine.replica.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * For every 4 KiB block of the volume, the layer that holds its newest data: an owner index 1..255
 * (position in the chain, 1 = oldest), or {@link #HOLE} when no layer holds it.
 *
 * <p>Entries are single bytes in pages of {@value #PAGE_ENTRIES} blocks (64 MiB of volume per
 * 16 KiB page). A page is allocated on the first assignment of an owner inside it, so memory
 * follows what was written: a never-written 1 TiB volume costs only the 64 KiB page directory.
 *
 * <p>Concurrency: one thread at a time may assign (the store serializes mutations) while any number
 * read. A byte entry cannot tear (JLS 17.6); a new page is filled before it is published with a
 * release store and readers load page references with acquire, so they never see a half-built
 * page. {@link #grow} replaces the directory and must not run concurrently with anything else.
 */
final class BlockMap {
    static final int HOLE = 0;
    static final int MAX_OWNER = 255;

    private static final int PAGE_SHIFT = 14;
    static final int PAGE_ENTRIES = 1 << PAGE_SHIFT;
    private static final int PAGE_MASK = PAGE_ENTRIES - 1;
    private static final VarHandle PAGE_REF = MethodHandles.arrayElementVarHandle(byte[][].class);

    private volatile byte[][] pages;
    private volatile long blockCount;
    private long allocatedPages;

    BlockMap(long blockCount) {
        this.pages = new byte[pageCount(blockCount)][];
        this.blockCount = blockCount;
    }

    private static int pageCount(long blockCount) {
        long count = (blockCount + PAGE_ENTRIES - 1) >>> PAGE_SHIFT;
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("volume of " + blockCount + " blocks is too large");
        }
        return (int) count;
    }

    long blockCount() {
        return blockCount;
    }

    private byte[] page(byte[][] directory, long block) {
        return (byte[]) PAGE_REF.getAcquire(directory, (int) (block >>> PAGE_SHIFT));
    }

    int owner(long block) {
        byte[] page = page(pages, block);
        return page == null ? HOLE : page[(int) (block & PAGE_MASK)] & 0xFF;
    }

    /**
     * End (exclusive, at most {@code limit}) of the run of blocks after {@code first} that have the
     * given owner; {@code owner} is what the caller read for {@code first}, so a run is never empty
     * even if the entry changes meanwhile.
     */
    long runEnd(long first, int owner, long limit) {
        byte[][] directory = pages;
        byte wanted = (byte) owner;
        long block = first + 1;
        while (block < limit) {
            int index = (int) (block & PAGE_MASK);
            long pageStart = block - index;
            int stop = (int) Math.min(PAGE_ENTRIES, limit - pageStart);
            byte[] page = page(directory, block);
            if (page == null) {
                if (owner != HOLE) {
                    return block;
                }
            } else {
                while (index < stop && page[index] == wanted) {
                    index++;
                }
                if (index < stop) {
                    return pageStart + index;
                }
            }
            block = pageStart + stop;
        }
        return limit;
    }

    /**
     * End (exclusive, at most {@code limit}) of the run of blocks after {@code first} that are
     * allocated in some layer ({@code allocated}) or holes in all of them.
     */
    long allocationRunEnd(long first, boolean allocated, long limit) {
        byte[][] directory = pages;
        long block = first + 1;
        while (block < limit) {
            int index = (int) (block & PAGE_MASK);
            long pageStart = block - index;
            int stop = (int) Math.min(PAGE_ENTRIES, limit - pageStart);
            byte[] page = page(directory, block);
            if (page == null) {
                if (allocated) {
                    return block;
                }
            } else {
                while (index < stop && (page[index] != HOLE) == allocated) {
                    index++;
                }
                if (index < stop) {
                    return pageStart + index;
                }
            }
            block = pageStart + stop;
        }
        return limit;
    }

    /** Sets the owner of blocks {@code [from, to)}; callers do the data I/O first. */
    void assign(long from, long to, int owner) {
        if (owner < HOLE || owner > MAX_OWNER) {
            throw new IllegalArgumentException("owner " + owner + " is outside 0.." + MAX_OWNER);
        }
        if (from < 0 || to > blockCount || from > to) {
            throw new IllegalArgumentException(
                    "blocks " + from + ".." + to + " are outside the map of " + blockCount + " blocks");
        }
        // Keep the stores below after the data I/O the caller finished, as seen by readers.
        VarHandle.releaseFence();
        byte[][] directory = pages;
        long block = from;
        while (block < to) {
            int index = (int) (block & PAGE_MASK);
            long pageStart = block - index;
            int stop = (int) Math.min(PAGE_ENTRIES, to - pageStart);
            int pageIndex = (int) (block >>> PAGE_SHIFT);
            byte[] page = (byte[]) PAGE_REF.getAcquire(directory, pageIndex);
            if (page != null) {
                Arrays.fill(page, index, stop, (byte) owner);
            } else if (owner != HOLE) {
                page = new byte[PAGE_ENTRIES];
                Arrays.fill(page, index, stop, (byte) owner);
                PAGE_REF.setRelease(directory, pageIndex, page);
                allocatedPages++;
            }
            block = pageStart + stop;
        }
    }

    /**
     * Forgets every owner, for a rebuild of the map after the layer chain changed shape. Like
     * {@link #grow}, it must not run concurrently with anything else.
     */
    void clear() {
        pages = new byte[pages.length][];
        allocatedPages = 0;
    }

    /** Extends the map to {@code newBlockCount} blocks; new blocks are holes. */
    void grow(long newBlockCount) {
        if (newBlockCount < blockCount) {
            throw new IllegalArgumentException("the block map cannot shrink");
        }
        pages = Arrays.copyOf(pages, pageCount(newBlockCount));
        blockCount = newBlockCount;
    }

    /** Approximate heap the map uses: the page directory plus the allocated pages. */
    long footprintBytes() {
        return (long) pages.length * Integer.BYTES + allocatedPages * PAGE_ENTRIES;
    }
}
