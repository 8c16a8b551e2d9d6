package dev.corral.engine.nbd;

import dev.corral.engine.block.BlockDevice;
import dev.corral.engine.block.BlockIoException;
import dev.corral.engine.block.Extent;
import dev.corral.engine.block.IoError;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Test-only sparse block device: a map of 4 KiB pages, absent pages are holes that read as zeros.
 * Operations run inline, or on {@code completionExecutor} to behave like a device whose futures
 * complete on its own threads. Counts what it was asked to do so tests can check FUA and flush.
 */
final class MemoryBlockDevice implements BlockDevice {
    static final int PAGE = 4096;
    private static final byte[] ZERO_PAGE = new byte[PAGE];

    private final long size;
    private final Executor completionExecutor;
    private final TreeMap<Long, byte[]> pages = new TreeMap<>();
    final AtomicLong writes = new AtomicLong();
    final AtomicLong fuaWrites = new AtomicLong();
    final AtomicLong flushes = new AtomicLong();
    final AtomicLong trims = new AtomicLong();
    final AtomicLong zeroes = new AtomicLong();
    /** Buffers returned by reads, kept only when a test asks to check they were all released. */
    private List<ByteBuf> trackedReads;

    MemoryBlockDevice(long size) {
        this(size, null);
    }

    MemoryBlockDevice(long size, Executor completionExecutor) {
        this.size = size;
        this.completionExecutor = completionExecutor;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public CompletableFuture<ByteBuf> read(long offset, int length) {
        return run(offset, length, () -> {
            ByteBuf data = allocateReadBuffer(length);
            synchronized (this) {
                forEachPageSlice(offset, length, (page, pageOffset, sliceLength) -> {
                    byte[] bytes = pages.get(page);
                    data.writeBytes(bytes == null ? ZERO_PAGE : bytes, pageOffset, sliceLength);
                });
            }
            return data;
        });
    }

    @Override
    public CompletableFuture<Void> write(long offset, ByteBuf data, boolean fua) {
        int length = data.readableBytes();
        CompletableFuture<Void> result = run(offset, length, () -> {
            synchronized (this) {
                int[] cursor = {data.readerIndex()};
                forEachPageSlice(offset, length, (page, pageOffset, sliceLength) -> {
                    byte[] bytes = pages.computeIfAbsent(page, p -> new byte[PAGE]);
                    data.getBytes(cursor[0], bytes, pageOffset, sliceLength);
                    cursor[0] += sliceLength;
                });
            }
            writes.incrementAndGet();
            if (fua) {
                fuaWrites.incrementAndGet();
            }
            return null;
        });
        return result.whenComplete((ignored, failure) -> data.release());
    }

    @Override
    public CompletableFuture<Void> trim(long offset, long length, boolean fua) {
        return run(offset, length, () -> {
            trims.incrementAndGet();
            zeroRange(offset, length, false);
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> writeZeroes(long offset, long length, boolean noHole, boolean fua) {
        return run(offset, length, () -> {
            zeroes.incrementAndGet();
            zeroRange(offset, length, noHole);
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> flush() {
        return run(0, 0, () -> {
            flushes.incrementAndGet();
            return null;
        });
    }

    @Override
    public CompletableFuture<List<Extent>> extents(long offset, long length) {
        return run(offset, length, () -> {
            List<Extent> extents = new ArrayList<>();
            if (length == 0) {
                return extents;
            }
            long end = offset + length;
            long cursor = offset;
            synchronized (this) {
                for (long page : pages.subMap(offset / PAGE, true, (end - 1) / PAGE, true)
                        .keySet()) {
                    long pageStart = Math.max(page * PAGE, offset);
                    if (pageStart > cursor) {
                        add(extents, cursor, pageStart - cursor, false);
                    }
                    long pageEnd = Math.min((page + 1) * PAGE, end);
                    add(extents, pageStart, pageEnd - pageStart, true);
                    cursor = pageEnd;
                }
            }
            if (cursor < end) {
                add(extents, cursor, end - cursor, false);
            }
            return extents;
        });
    }

    /**
     * From now on, reads return unpooled buffers (pooled ones are recycled, so a released one can
     * look live again) and remember them for {@link #assertReadBuffersReleased()}.
     */
    synchronized MemoryBlockDevice trackReadBuffers() {
        trackedReads = new ArrayList<>();
        return this;
    }

    synchronized void assertReadBuffersReleased() {
        for (ByteBuf buffer : trackedReads) {
            if (buffer.refCnt() != 0) {
                throw new AssertionError("read buffer of " + buffer.capacity() + " bytes still referenced");
            }
        }
    }

    synchronized int trackedReadCount() {
        return trackedReads.size();
    }

    private synchronized ByteBuf allocateReadBuffer(int length) {
        if (trackedReads == null) {
            return ByteBufAllocator.DEFAULT.directBuffer(length);
        }
        ByteBuf buffer = Unpooled.buffer(length);
        trackedReads.add(buffer);
        return buffer;
    }

    /** SHA-256 of the whole device, holes included as zeros. */
    synchronized String checksum() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (long page = 0; page * PAGE < size; page++) {
                int length = (int) Math.min(PAGE, size - page * PAGE);
                digest.update(pages.getOrDefault(page, ZERO_PAGE), 0, length);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A copy of {@code length} bytes at {@code offset}, read directly (no future, no buffer). */
    synchronized byte[] bytes(long offset, int length) {
        byte[] copy = new byte[length];
        int[] cursor = {0};
        forEachPageSlice(offset, length, (page, pageOffset, sliceLength) -> {
            byte[] bytes = pages.getOrDefault(page, ZERO_PAGE);
            System.arraycopy(bytes, pageOffset, copy, cursor[0], sliceLength);
            cursor[0] += sliceLength;
        });
        return copy;
    }

    /** Writes {@code data} directly, to prepare a test. */
    synchronized void fill(long offset, byte[] data) {
        int[] cursor = {0};
        forEachPageSlice(offset, data.length, (page, pageOffset, sliceLength) -> {
            byte[] bytes = pages.computeIfAbsent(page, p -> new byte[PAGE]);
            System.arraycopy(data, cursor[0], bytes, pageOffset, sliceLength);
            cursor[0] += sliceLength;
        });
    }

    synchronized int allocatedPages() {
        return pages.size();
    }

    private synchronized void zeroRange(long offset, long length, boolean keepAllocated) {
        if (length == 0) {
            return;
        }
        long end = offset + length;
        for (Map.Entry<Long, byte[]> entry : new ArrayList<>(
                pages.subMap(offset / PAGE, true, (end - 1) / PAGE, true).entrySet())) {
            long pageStart = entry.getKey() * PAGE;
            long from = Math.max(pageStart, offset);
            long to = Math.min(pageStart + PAGE, end);
            if (!keepAllocated && from == pageStart && to == pageStart + PAGE) {
                pages.remove(entry.getKey());
            } else {
                Arrays.fill(entry.getValue(), (int) (from - pageStart), (int) (to - pageStart), (byte) 0);
            }
        }
        if (keepAllocated) {
            for (long page = offset / PAGE; page * PAGE < end; page++) {
                pages.computeIfAbsent(page, p -> new byte[PAGE]);
            }
        }
    }

    private <T> CompletableFuture<T> run(long offset, long length, Supplier<T> operation) {
        if (offset < 0 || length < 0 || offset + length > size) {
            return CompletableFuture.failedFuture(
                    new BlockIoException(IoError.INVALID, "range " + offset + "+" + length + " outside " + size));
        }
        if (completionExecutor == null) {
            try {
                return CompletableFuture.completedFuture(operation.get());
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        return CompletableFuture.supplyAsync(operation, completionExecutor);
    }

    private static void add(List<Extent> extents, long offset, long length, boolean allocated) {
        if (!extents.isEmpty()
                && extents.getLast().allocated() == allocated
                && extents.getLast().end() == offset) {
            Extent last = extents.removeLast();
            extents.add(new Extent(last.offset(), last.length() + length, allocated));
        } else {
            extents.add(new Extent(offset, length, allocated));
        }
    }

    @FunctionalInterface
    private interface PageSlice {
        void accept(long page, int pageOffset, int length);
    }

    private static void forEachPageSlice(long offset, long length, PageSlice action) {
        long cursor = offset;
        long end = offset + length;
        while (cursor < end) {
            long page = cursor / PAGE;
            int pageOffset = (int) (cursor % PAGE);
            int sliceLength = (int) Math.min(PAGE - pageOffset, end - cursor);
            action.accept(page, pageOffset, sliceLength);
            cursor += sliceLength;
        }
    }
}
