package dev.corral.engine.replica.store;

import dev.corral.engine.block.BlockIoException;
import dev.corral.engine.block.Extent;
import dev.corral.engine.block.IoError;
import dev.corral.engine.replica.ReplicaInfo;
import dev.corral.engine.replica.ReplicaStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A replica on local disk: a directory with one writable head layer over read-only snapshot layers
 * (sparse files), JSON metadata and an optional revision counter; the on-disk format is described in
 * the package documentation.
 *
 * <p>Locking: {@code structure} is held shared by reads, writes, unmaps, flushes and extent queries
 * and exclusively by snapshot, grow and close, which change the layer stack, the size or the open
 * files. {@code mutation} additionally serializes writes and unmaps, so copy-ups never race. Reads
 * take no mutation lock and run in parallel with each other and with a write.
 */
public final class LayeredReplicaStore implements ReplicaStore {
    /** Most layers (snapshots plus head) a chain may have; owners must fit the map's byte entries. */
    public static final int MAX_LAYERS = 250;

    private static final int BLOCK_SIZE = ReplicaMetadata.BLOCK_SIZE;

    private final ReplicaDirectory directory;
    private final BlockMap map;
    private final ResolvedReader reader;
    private final HeadWriter writer;
    private final Unmapper unmapper;
    private final RevisionCounter revisionCounter;
    private final ReentrantReadWriteLock structure = new ReentrantReadWriteLock();
    private final ReentrantLock mutation = new ReentrantLock();

    private volatile LayerStack layers;
    private volatile ReplicaMetadata metadata;
    private volatile long size;
    private volatile boolean dirty;
    private long nextLayerId;
    private boolean closed;

    private LayeredReplicaStore(
            ReplicaDirectory directory,
            ReplicaMetadata metadata,
            LayerStack layers,
            BlockMap map,
            RevisionCounter revisionCounter) {
        this.directory = directory;
        this.metadata = metadata;
        this.layers = layers;
        this.map = map;
        this.revisionCounter = revisionCounter;
        this.reader = new ResolvedReader(map);
        this.writer = new HeadWriter(map);
        this.unmapper = new Unmapper(map, writer);
        this.size = metadata.size();
        this.dirty = metadata.dirty();
        this.nextLayerId = metadata.nextLayerId();
    }

    /** Creates a replica of {@code size} bytes (a multiple of 4 KiB) in an empty or absent directory. */
    public static LayeredReplicaStore create(Path dir, long size, boolean revisionCounter) throws IOException {
        if (size <= 0 || size % BLOCK_SIZE != 0) {
            throw new BlockIoException(
                    IoError.INVALID, "replica size " + size + " must be a positive multiple of " + BLOCK_SIZE);
        }
        ReplicaDirectory directory = ReplicaDirectory.createEmpty(dir);
        try {
            ReplicaMetadata metadata = ReplicaFiles.createInitial(directory, size, revisionCounter);
            return ReplicaFiles.load(directory, metadata);
        } catch (IOException | RuntimeException e) {
            ReplicaFiles.removeFailedCreation(directory, e);
            throw e;
        }
    }

    /** Opens an existing replica, removing what an interrupted operation left behind. */
    public static LayeredReplicaStore open(Path dir) throws IOException {
        ReplicaDirectory directory = ReplicaDirectory.openExisting(dir);
        try {
            ReplicaMetadata metadata = directory.readMetadata(MAX_LAYERS);
            directory.removeLeftovers(metadata);
            return ReplicaFiles.load(directory, metadata);
        } catch (IOException | RuntimeException e) {
            directory.close();
            throw e;
        }
    }

    /**
     * Opens the replica in {@code dir}, or creates one when the directory is absent or empty. An
     * existing replica of another size is refused: a replica never changes size behind its volume.
     */
    public static LayeredReplicaStore openOrCreate(Path dir, long size, boolean revisionCounter) throws IOException {
        boolean empty;
        if (!java.nio.file.Files.isDirectory(dir)) {
            empty = true;
        } else {
            try (var entries = java.nio.file.Files.list(dir)) {
                empty = entries.findAny().isEmpty();
            }
        }
        if (empty) {
            return create(dir, size, revisionCounter);
        }
        LayeredReplicaStore store = open(dir);
        if (store.size() != size) {
            long actual = store.size();
            store.close();
            throw new BlockIoException(
                    IoError.INVALID, "replica in " + dir + " has size " + actual + ", not the requested " + size);
        }
        return store;
    }

    static LayeredReplicaStore assemble(
            ReplicaDirectory directory,
            ReplicaMetadata metadata,
            LayerStack layers,
            BlockMap map,
            RevisionCounter revisionCounter) {
        return new LayeredReplicaStore(directory, metadata, layers, map, revisionCounter);
    }

    @Override
    public long size() {
        return size;
    }

    public Path directory() {
        return directory.path();
    }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
        if (dst.isReadOnly()) {
            throw new ReadOnlyBufferException();
        }
        int length = dst.remaining();
        structure.readLock().lock();
        try {
            requireOpenAndInRange("read", offset, length);
            reader.read(layers, offset, dst);
            dst.position(dst.limit());
        } finally {
            structure.readLock().unlock();
        }
    }

    @Override
    public void write(long offset, ByteBuffer src) throws IOException {
        int length = src.remaining();
        structure.readLock().lock();
        mutation.lock();
        try {
            requireOpenAndInRange("write", offset, length);
            if (length == 0) {
                return;
            }
            markDirty();
            writer.write(layers, offset, src);
            bumpRevision();
            src.position(src.limit());
        } finally {
            mutation.unlock();
            structure.readLock().unlock();
        }
    }

    @Override
    public void unmap(long offset, long length) throws IOException {
        structure.readLock().lock();
        mutation.lock();
        try {
            requireOpenAndInRange("unmap", offset, length);
            if (length == 0) {
                return;
            }
            markDirty();
            unmapper.unmap(layers, offset, length);
            bumpRevision();
        } finally {
            mutation.unlock();
            structure.readLock().unlock();
        }
    }

    /**
     * fsync of the head and of the revision counter. Metadata needs nothing here: every metadata
     * change is written and synced when it happens.
     */
    @Override
    public void flush() throws IOException {
        structure.readLock().lock();
        try {
            requireOpen();
            layers.head().sync();
            if (revisionCounter != null) {
                revisionCounter.sync();
            }
        } finally {
            structure.readLock().unlock();
        }
    }

    @Override
    public List<Extent> extents(long offset, long length) throws IOException {
        structure.readLock().lock();
        try {
            requireOpenAndInRange("extents", offset, length);
            return reader.extents(offset, length);
        } finally {
            structure.readLock().unlock();
        }
    }

    @Override
    public void snapshot(String name) throws IOException {
        snapshot(name, true);
    }

    /** Like {@link #snapshot(String)}; {@code userCreated} is false for snapshots the system takes. */
    public void snapshot(String name, boolean userCreated) throws IOException {
        structure.writeLock().lock();
        try {
            requireOpen();
            SnapshotNames.requireUsable(name, metadata, MAX_LAYERS);
            String file = ReplicaDirectory.layerFileName(nextLayerId++);
            String now = Instant.now().toString();
            ReplicaMetadata next = metadata.withSnapshot(name, userCreated, file, nextLayerId, now, revision())
                    .withDirty(true, revision());
            NativeFile newHead = ReplicaFiles.startHead(directory, layers, revisionCounter, file, size);
            try {
                directory.writeMetadata(next);
            } catch (ReplicaDirectory.MetadataNotDurableException e) {
                // The new chain is current on disk; writing on into the old head would change a snapshot.
                adoptSnapshot(newHead, next);
                throw e;
            } catch (IOException | RuntimeException e) {
                ReplicaFiles.discardHead(newHead, e);
                throw e;
            }
            adoptSnapshot(newHead, next);
        } finally {
            structure.writeLock().unlock();
        }
    }

    private void adoptSnapshot(NativeFile newHead, ReplicaMetadata next) {
        layers = layers.withNewHead(newHead);
        metadata = next;
        dirty = true;
    }

    @Override
    public void grow(long newSize) throws IOException {
        structure.writeLock().lock();
        try {
            requireOpen();
            if (newSize < size || newSize % BLOCK_SIZE != 0) {
                throw new BlockIoException(
                        IoError.INVALID,
                        "cannot resize replica " + directory.path() + " from " + size + " to " + newSize
                                + " bytes: it can only grow, to a multiple of " + BLOCK_SIZE);
            }
            if (newSize == size) {
                return;
            }
            ReplicaMetadata next = metadata.withSize(newSize, revision()).withDirty(true, revision());
            try {
                ReplicaFiles.resizeHead(directory, layers.head(), size, newSize, next);
            } catch (ReplicaDirectory.MetadataNotDurableException e) {
                adoptSize(newSize, next);
                throw e;
            }
            adoptSize(newSize, next);
        } finally {
            structure.writeLock().unlock();
        }
    }

    private void adoptSize(long newSize, ReplicaMetadata next) {
        map.grow(newSize / BLOCK_SIZE);
        metadata = next;
        size = newSize;
        dirty = true;
    }

    @Override
    public ReplicaInfo info() {
        ReplicaMetadata current = metadata;
        List<String> chain = current.layers().stream().map(LayerRecord::name).toList();
        return new ReplicaInfo(current.size(), ReplicaMetadata.HEAD_NAME, chain, dirty, revision());
    }

    /** The layers oldest first, the head last, with what each occupies on disk. */
    public List<LayerInfo> layers() throws IOException {
        structure.readLock().lock();
        try {
            requireOpen();
            List<LayerRecord> records = metadata.layers();
            List<LayerInfo> infos = new ArrayList<>(records.size());
            for (int i = 0; i < records.size(); i++) {
                LayerRecord record = records.get(i);
                long allocated = layers.file(i + 1).allocatedBytes();
                infos.add(new LayerInfo(
                        record.name(),
                        Instant.parse(record.created()),
                        record.userCreated(),
                        record.removed(),
                        allocated));
            }
            return infos;
        } finally {
            structure.readLock().unlock();
        }
    }

    /** Heap the block map uses, for checking that it follows written data, not volume size. */
    long blockMapFootprintBytes() {
        return map.footprintBytes();
    }

    /** Syncs the data and records a clean shutdown (dirty = false); the store is unusable afterwards. */
    @Override
    public void close() throws IOException {
        structure.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            ReplicaFiles.closeCleanly(directory, layers, revisionCounter, metadata.withDirty(false, revision()), dirty);
            dirty = false;
        } finally {
            structure.writeLock().unlock();
        }
    }

    private long revision() {
        return revisionCounter == null ? 0 : revisionCounter.value();
    }

    /** Persists dirty = true before the first mutation after open changes any data. */
    private void markDirty() throws IOException {
        if (!dirty) {
            ReplicaMetadata next = metadata.withDirty(true, revision());
            try {
                directory.writeMetadata(next);
            } catch (ReplicaDirectory.MetadataNotDurableException e) {
                adoptDirty(next);
                throw e;
            }
            adoptDirty(next);
        }
    }

    private void adoptDirty(ReplicaMetadata next) {
        metadata = next;
        dirty = true;
    }

    private void bumpRevision() throws IOException {
        if (revisionCounter != null) {
            revisionCounter.increment();
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new BlockIoException(IoError.SHUTDOWN, "replica store " + directory.path() + " is closed");
        }
    }

    private void requireOpenAndInRange(String operation, long offset, long length) {
        requireOpen();
        long volumeSize = size;
        if (offset < 0 || length < 0 || offset > volumeSize - length) {
            throw new BlockIoException(
                    IoError.INVALID,
                    operation + " of " + length + " bytes at offset " + offset + " is outside the volume of "
                            + volumeSize + " bytes");
        }
    }
}
