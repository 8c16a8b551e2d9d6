package dev.corral.engine.testsupport;

import dev.corral.engine.block.BlockIoException;
import dev.corral.engine.block.Extent;
import dev.corral.engine.block.IoError;
import dev.corral.engine.replica.ActiveChain;
import dev.corral.engine.replica.BlockStore;
import dev.corral.engine.replica.ReplicaInfo;
import dev.corral.engine.replica.server.ServedStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A store for the protocol tests, in memory: block I/O and the active chain, without layer files
 * (so no snapshot tree and no rebuild). 4 KiB pages are allocated on first write, so extents are
 * page-granular. It counts the mutations it sees, can fail the next call of a kind, and can hold
 * flushes until released (to keep a request in flight on purpose).
 */
public final class InMemoryReplicaStore implements BlockStore, ActiveChain {
    public static final int PAGE = 4096;

    /** The store calls a test can make fail. */
    public enum Call {
        READ,
        WRITE,
        UNMAP,
        FLUSH,
        EXTENTS,
        SNAPSHOT,
        GROW,
        INFO
    }

    private final Map<Long, byte[]> pages = new HashMap<>();
    private final List<String> snapshots = new ArrayList<>();
    private final Map<Call, Exception> failures = new EnumMap<>(Call.class);
    private final AtomicInteger mutations = new AtomicInteger();
    private final AtomicInteger flushes = new AtomicInteger();
    private final AtomicInteger flushesWaiting = new AtomicInteger();
    private long size;
    private volatile CountDownLatch flushGate;

    public InMemoryReplicaStore(long size) {
        this.size = size;
    }

    /** What a replica server serves from this store: its two roles. */
    public ServedStore served() {
        return new ServedStore.WithoutLayers(this, this);
    }

    /** The next call of this kind throws {@code failure} (a BlockIoException, IOException or other). */
    public synchronized void failNext(Call call, Exception failure) {
        failures.put(call, failure);
    }

    /** Write, unmap, snapshot and grow calls that changed (or tried to change) the store. */
    public int mutations() {
        return mutations.get();
    }

    public int flushes() {
        return flushes.get();
    }

    /** Flushes from now on wait until {@link #releaseFlushes()}. */
    public void holdFlushes() {
        flushGate = new CountDownLatch(1);
    }

    public void releaseFlushes() {
        CountDownLatch gate = flushGate;
        flushGate = null;
        if (gate != null) {
            gate.countDown();
        }
    }

    public int flushesWaiting() {
        return flushesWaiting.get();
    }

    @Override
    public synchronized long size() {
        return size;
    }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
        synchronized (this) {
            maybeFail(Call.READ);
            checkRange(offset, dst.remaining());
            long position = offset;
            while (dst.hasRemaining()) {
                int inPage = (int) (position % PAGE);
                int chunk = Math.min(PAGE - inPage, dst.remaining());
                byte[] page = pages.get(position / PAGE);
                if (page == null) {
                    for (int i = 0; i < chunk; i++) {
                        dst.put((byte) 0);
                    }
                } else {
                    dst.put(page, inPage, chunk);
                }
                position += chunk;
            }
        }
    }

    @Override
    public synchronized void write(long offset, ByteBuffer src) throws IOException {
        mutations.incrementAndGet();
        maybeFail(Call.WRITE);
        checkRange(offset, src.remaining());
        long position = offset;
        while (src.hasRemaining()) {
            int inPage = (int) (position % PAGE);
            int chunk = Math.min(PAGE - inPage, src.remaining());
            src.get(pages.computeIfAbsent(position / PAGE, p -> new byte[PAGE]), inPage, chunk);
            position += chunk;
        }
    }

    @Override
    public synchronized void unmap(long offset, long length) throws IOException {
        mutations.incrementAndGet();
        maybeFail(Call.UNMAP);
        checkRange(offset, length);
        long position = offset;
        long end = offset + length;
        while (position < end) {
            long pageIndex = position / PAGE;
            int inPage = (int) (position % PAGE);
            int chunk = (int) Math.min(PAGE - inPage, end - position);
            if (chunk == PAGE) {
                pages.remove(pageIndex);
            } else {
                byte[] page = pages.get(pageIndex);
                if (page != null) {
                    Arrays.fill(page, inPage, inPage + chunk, (byte) 0);
                }
            }
            position += chunk;
        }
    }

    @Override
    public void flush() throws IOException {
        CountDownLatch gate = flushGate;
        if (gate != null) {
            flushesWaiting.incrementAndGet();
            try {
                if (!gate.await(30, TimeUnit.SECONDS)) {
                    throw new IOException("flush gate never opened");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("flush interrupted", e);
            } finally {
                flushesWaiting.decrementAndGet();
            }
        }
        synchronized (this) {
            maybeFail(Call.FLUSH);
            flushes.incrementAndGet();
        }
    }

    @Override
    public synchronized List<Extent> extents(long offset, long length) throws IOException {
        maybeFail(Call.EXTENTS);
        checkRange(offset, length);
        List<Extent> extents = new ArrayList<>();
        long runStart = offset;
        long position = offset;
        long end = offset + length;
        boolean runAllocated = false;
        while (position < end) {
            boolean allocated = pages.containsKey(position / PAGE);
            long next = Math.min(end, (position / PAGE + 1) * PAGE);
            if (position == offset) {
                runAllocated = allocated;
            } else if (allocated != runAllocated) {
                extents.add(new Extent(runStart, position - runStart, runAllocated));
                runStart = position;
                runAllocated = allocated;
            }
            position = next;
        }
        if (end > runStart) {
            extents.add(new Extent(runStart, end - runStart, runAllocated));
        }
        return extents;
    }

    @Override
    public synchronized void snapshot(String name, boolean userCreated) throws IOException {
        mutations.incrementAndGet();
        maybeFail(Call.SNAPSHOT);
        if (snapshots.contains(name)) {
            throw new BlockIoException(IoError.INVALID, "snapshot " + name + " exists");
        }
        snapshots.add(name);
    }

    @Override
    public synchronized void grow(long newSize) throws IOException {
        mutations.incrementAndGet();
        maybeFail(Call.GROW);
        if (newSize < size) {
            throw new BlockIoException(IoError.INVALID, "cannot shrink from " + size + " to " + newSize);
        }
        size = newSize;
    }

    @Override
    public synchronized ReplicaInfo info() {
        Exception failure = failures.remove(Call.INFO);
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        return new ReplicaInfo(size, "head-" + snapshots.size(), snapshots, false, 0);
    }

    private void maybeFail(Call call) throws IOException {
        Exception failure = failures.remove(call);
        if (failure instanceof IOException io) {
            throw io;
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
    }

    private void checkRange(long offset, long length) {
        if (offset < 0 || length < 0 || offset + length > size) {
            throw new BlockIoException(IoError.INVALID, "range " + offset + "+" + length + " outside " + size);
        }
    }
}
