package dev.corral.engine.replica.store;

import dev.corral.engine.block.BlockIoException;
import dev.corral.engine.block.Extent;
import dev.corral.engine.block.IoError;
import dev.corral.engine.replica.LayerDigests;
import dev.corral.engine.replica.LayerInfo;
import dev.corral.engine.replica.LayerSpec;
import dev.corral.engine.replica.LayerSummary;
import dev.corral.engine.replica.ReplicaInfo;
import dev.corral.engine.replica.ReplicaStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A replica on local disk: a directory with one writable head layer over read-only snapshot layers
 * (sparse files) that form a tree, JSON metadata and an optional revision counter; the on-disk
 * format is described in the package documentation. It has every role of a {@link ReplicaStore}.
 * This class serves the volume's I/O; the tree operations live in {@link TreeEditor} and {@link
 * Purger}, the per-layer rebuild primitives in {@link RebuildReceiver} and {@link LayerFileScanner}.
 * The locks are described in {@link StoreState}.
 * Reads take no mutation lock and run in parallel with each other and with a write.
 */
public final class LayeredReplicaStore implements ReplicaStore {
    /** Most layers (snapshots plus head) a replica may have; owners must fit the map's byte entries. */
    public static final int MAX_LAYERS = 250;

    private static final int BLOCK_SIZE = ReplicaMetadata.BLOCK_SIZE;

    private final StoreState state;
    private final ResolvedReader reader;
    private final HeadWriter writer;
    private final Unmapper unmapper;
    private final TreeEditor tree;
    private final Purger purger;
    private final RebuildReceiver rebuild;

    private LayeredReplicaStore(StoreState state) {
        this.state = state;
        this.reader = new ResolvedReader(state.map);
        this.writer = new HeadWriter(state.map);
        this.unmapper = new Unmapper(state.map, writer);
        this.tree = new TreeEditor(state, MAX_LAYERS);
        this.purger = new Purger(state);
        this.rebuild = new RebuildReceiver(state, unmapper, MAX_LAYERS);
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
        if (!Files.isDirectory(dir)) {
            empty = true;
        } else {
            try (var entries = Files.list(dir)) {
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

    static LayeredReplicaStore assemble(StoreState state) {
        return new LayeredReplicaStore(state);
    }

    @Override
    public long size() {
        return state.size;
    }

    public Path directory() {
        return state.directory.path();
    }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
        if (dst.isReadOnly()) {
            throw new ReadOnlyBufferException();
        }
        int length = dst.remaining();
        state.structure.readLock().lock();
        try {
            state.requireOpenAndInRange("read", offset, length);
            reader.read(state.layers, offset, dst);
            dst.position(dst.limit());
        } finally {
            state.structure.readLock().unlock();
        }
    }

    @Override
    public void write(long offset, ByteBuffer src) throws IOException {
        int length = src.remaining();
        state.structure.readLock().lock();
        state.mutation.lock();
        try {
            state.requireOpenAndInRange("write", offset, length);
            if (length == 0) {
                return;
            }
            if (state.metadata.rebuilding()) {
                RebuildReceiver.requireWholeBlocks("write", offset, length);
            }
            state.markDirty();
            writer.write(state.layers, offset, src);
            bumpRevision();
            src.position(src.limit());
        } finally {
            state.mutation.unlock();
            state.structure.readLock().unlock();
        }
    }

    @Override
    public void unmap(long offset, long length) throws IOException {
        state.structure.readLock().lock();
        state.mutation.lock();
        try {
            state.requireOpenAndInRange("unmap", offset, length);
            if (length == 0) {
                return;
            }
            state.markDirty();
            if (state.metadata.rebuilding()) {
                rebuild.unmapHead(offset, length);
            } else {
                unmapper.unmap(state.layers, offset, length);
            }
            bumpRevision();
        } finally {
            state.mutation.unlock();
            state.structure.readLock().unlock();
        }
    }

    /**
     * fsync of the head and of the revision counter. Metadata needs nothing here: every metadata
     * change is written and synced when it happens.
     */
    @Override
    public void flush() throws IOException {
        state.structure.readLock().lock();
        try {
            state.requireOpen();
            try {
                state.layers.head().sync();
                if (state.revisionCounter != null) {
                    state.revisionCounter.sync();
                }
            } catch (IOException e) {
                throw state.latch("fsync", e);
            }
        } finally {
            state.structure.readLock().unlock();
        }
    }

    @Override
    public List<Extent> extents(long offset, long length) throws IOException {
        state.structure.readLock().lock();
        try {
            state.requireOpenAndInRange("extents", offset, length);
            return reader.extents(offset, length);
        } finally {
            state.structure.readLock().unlock();
        }
    }

    /** A user-created snapshot; see {@link #snapshot(String, boolean)}. */
    public void snapshot(String name) throws IOException {
        tree.snapshot(name, true);
    }

    @Override
    public void snapshot(String name, boolean userCreated) throws IOException {
        tree.snapshot(name, userCreated);
    }

    @Override
    public void grow(long newSize) throws IOException {
        tree.grow(newSize);
    }

    @Override
    public ReplicaInfo info() {
        ReplicaMetadata current = state.metadata;
        List<String> chain =
                current.activeChain().stream().map(LayerRecord::name).toList();
        long modified = 0;
        long allocated = 0;
        try {
            Path head = state.directory.resolve(current.head());
            modified = Files.getLastModifiedTime(head).toMillis();
            allocated = state.closed ? 0 : state.layers.head().allocatedBytes();
        } catch (IOException | RuntimeException e) {
            // Info must answer even on a sick disk; the salvage rule treats 0 as "unknown".
        }
        return new ReplicaInfo(
                current.size(),
                ReplicaMetadata.HEAD_NAME,
                chain,
                state.dirty,
                state.revision(),
                current.rebuilding(),
                modified,
                allocated);
    }

    @Override
    public List<LayerInfo> layers() throws IOException {
        return tree.list();
    }

    @Override
    public void removeSnapshot(String name) throws IOException {
        tree.remove(name);
    }

    @Override
    public void purge() throws IOException {
        purger.purge();
    }

    @Override
    public void revert(String name) throws IOException {
        tree.revert(name);
    }

    @Override
    public List<Extent> layerExtents(String name, long offset, long length) throws IOException {
        state.requireOpenAndInRange("layer extents", offset, length);
        return tree.withLayerFile(name, file -> LayerFileScanner.extents(file, offset, length));
    }

    @Override
    public void readLayer(String name, long offset, ByteBuffer dst) throws IOException {
        if (dst.isReadOnly()) {
            throw new ReadOnlyBufferException();
        }
        state.requireOpenAndInRange("layer read", offset, dst.remaining());
        tree.withLayerFile(name, file -> {
            LayerFileScanner.read(file, offset, dst);
            return null;
        });
    }

    @Override
    public LayerDigests layerDigests(String name, long offset, long length) throws IOException {
        state.requireOpenAndInRange("layer digests", offset, length);
        return tree.withLayerFile(name, file -> LayerFileScanner.digests(file, offset, length));
    }

    @Override
    public LayerSummary layerSummary(String name) throws IOException {
        return tree.withLayerFile(name, LayerFileScanner::summary);
    }

    @Override
    public void prepareRebuild(List<LayerSpec> chain) throws IOException {
        rebuild.prepare(chain);
    }

    @Override
    public void writeLayer(String name, long offset, ByteBuffer src) throws IOException {
        rebuild.writeLayer(name, offset, src);
    }

    @Override
    public void punchLayer(String name, long offset, long length) throws IOException {
        rebuild.punchLayer(name, offset, length);
    }

    @Override
    public void finishRebuild() throws IOException {
        rebuild.finish();
    }

    /** Heap the block map uses, for checking that it follows written data, not volume size. */
    long blockMapFootprintBytes() {
        return state.map.footprintBytes();
    }

    /** Syncs the data and records a clean shutdown (dirty = false); the store is unusable afterwards. */
    @Override
    public void close() throws IOException {
        state.maintenance.lock();
        state.structure.writeLock().lock();
        try {
            if (state.closed) {
                return;
            }
            state.closed = true;
            ReplicaFiles.closeCleanly(
                    state.directory,
                    state.layers,
                    state.revisionCounter,
                    state.metadata.withDirty(false, state.revision()),
                    state.dirty);
            state.dirty = false;
        } finally {
            state.structure.writeLock().unlock();
            state.maintenance.unlock();
        }
    }

    private void bumpRevision() throws IOException {
        if (state.revisionCounter != null) {
            state.revisionCounter.increment();
        }
    }
}
