package dev.corral.engine.replica.store;

import dev.corral.engine.block.BlockIoException;
import dev.corral.engine.block.IoError;
import java.io.IOException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * What the store's operation classes share: the directory, the open chain, the block map, the
 * metadata and the locks.
 *
 * <p>Locking: {@code structure} is held shared by reads, writes, unmaps, flushes and per-layer
 * queries and exclusively by whatever replaces the chain, the size or the metadata's layers.
 * {@code mutation} additionally serializes writes and unmaps, so copy-ups never race. {@code
 * maintenance} serializes the long tree operations (purge, revert, the rebuild steps) with each
 * other, so purge can copy data without holding {@code structure} exclusively. Lock order:
 * maintenance, then structure, then mutation.
 */
final class StoreState {
    final ReplicaDirectory directory;
    final BlockMap map;
    final RevisionCounter revisionCounter;
    final ReentrantReadWriteLock structure = new ReentrantReadWriteLock();
    final ReentrantLock mutation = new ReentrantLock();
    final ReentrantLock maintenance = new ReentrantLock();

    volatile LayerStack layers;
    volatile ReplicaMetadata metadata;
    volatile long size;
    volatile boolean dirty;
    volatile boolean closed;
    /**
     * Why the store stopped trusting its own files: a failed fsync, after which Linux may have
     * dropped the dirty pages and will report success for the next fsync. Once set it stays set
     * for the life of this store: every request is refused, so the replica is failed and rebuilt.
     */
    volatile String failure;
    /** Next id for a layer file; ids consumed by failed attempts are skipped, never reused. */
    long nextLayerId;

    StoreState(
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
        this.size = metadata.size();
        this.dirty = metadata.dirty();
        this.nextLayerId = metadata.nextLayerId();
    }

    long revision() {
        return revisionCounter == null ? 0 : revisionCounter.value();
    }

    void requireOpen() {
        if (closed) {
            throw new BlockIoException(IoError.SHUTDOWN, "replica store " + directory.path() + " is closed");
        }
        String failed = failure;
        if (failed != null) {
            throw new BlockIoException(
                    IoError.IO,
                    "replica " + directory.path() + " failed earlier (" + failed
                            + ") and no longer vouches for its data: it must be rebuilt");
        }
    }

    /**
     * Latches a failed fsync: the kernel reports a writeback error to one fsync only, so a later
     * one would "succeed" over data that never reached the disk. Answers the exception to throw.
     */
    BlockIoException latch(String operation, IOException cause) {
        if (failure == null) {
            failure = operation + " failed: " + cause.getMessage();
        }
        return new BlockIoException(
                IoError.IO,
                "replica " + directory.path() + ": " + operation + " failed (" + cause.getMessage()
                        + "); the replica no longer acknowledges anything and must be rebuilt",
                cause);
    }

    void requireOpenAndInRange(String operation, long offset, long length) {
        requireOpen();
        long volumeSize = size;
        if (offset < 0 || length < 0 || offset > volumeSize - length) {
            throw invalid(operation + " of " + length + " bytes at offset " + offset + " is outside the volume of "
                    + volumeSize + " bytes");
        }
    }

    void requireNotRebuilding(String operation) {
        if (metadata.rebuilding()) {
            throw invalid("cannot " + operation + " replica " + directory.path() + " while it is being rebuilt");
        }
    }

    /**
     * Writes {@code next} and makes it current. A metadata write that replaced the file but could
     * not make it durable still makes it current (the disk already says so) before it throws.
     */
    void switchMetadata(ReplicaMetadata next) throws IOException {
        try {
            directory.writeMetadata(next);
        } catch (ReplicaDirectory.MetadataNotDurableException e) {
            metadata = next;
            throw e;
        }
        metadata = next;
    }

    /** Persists dirty = true before the first mutation after open changes any data. */
    void markDirty() throws IOException {
        if (!dirty) {
            try {
                switchMetadata(metadata.withDirty(true, revision()));
            } finally {
                dirty = metadata.dirty();
            }
        }
    }

    /**
     * Makes {@code newLayers} the open chain and rebuilds the block map from its files' extents;
     * files of the old chain that are not in the new one are closed. Caller holds {@code structure}
     * exclusively.
     */
    void adoptChain(LayerStack newLayers) throws IOException {
        LayerStack old = layers;
        layers = newLayers;
        Set<NativeFile> kept = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int owner = 1; owner <= newLayers.headOwner(); owner++) {
            kept.add(newLayers.file(owner));
        }
        IOException closing = new IOException("closing layers that left the chain of " + directory.path());
        for (int owner = 1; owner <= old.headOwner(); owner++) {
            if (!kept.contains(old.file(owner))) {
                ReplicaFiles.closeQuietly(old.file(owner), closing);
            }
        }
        map.clear();
        ReplicaFiles.fillMap(map, newLayers, size);
        if (closing.getSuppressed().length > 0) {
            throw closing;
        }
    }

    /** The open file of an active-chain layer, or null when {@code record} is off the chain. */
    NativeFile chainFile(LayerRecord record) {
        List<LayerRecord> chain = metadata.activeChain();
        int index = chain.indexOf(record);
        return index < 0 ? null : layers.file(index + 1);
    }

    /** The snapshot layer called {@code name}; INVALID when there is none. */
    LayerRecord snapshotNamed(String name) {
        LayerRecord record = name == null ? null : metadata.byName(name);
        if (record == null || record.isHead()) {
            throw invalid("replica " + directory.path() + " has no snapshot named '" + name + "'");
        }
        return record;
    }

    String takeLayerFileName() {
        return ReplicaDirectory.layerFileName(nextLayerId++);
    }

    static BlockIoException invalid(String message) {
        return new BlockIoException(IoError.INVALID, message);
    }
}
