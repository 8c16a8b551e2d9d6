package dev.corral.engine.replica.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/**
 * The multi-step file operations of a replica, each ordered so that a crash at any point leaves
 * either the old or the new state once {@link ReplicaDirectory#removeLeftovers} has run: data and
 * new files are made durable first, and the metadata switch (an atomic rename) comes last.
 */
final class ReplicaFiles {
    private static final int BLOCK_SHIFT = 12;
    private static final long BLOCK_MASK = (1L << BLOCK_SHIFT) - 1;

    private ReplicaFiles() {}

    /** Writes a new replica's files into an empty directory; the metadata, written last, makes it one. */
    static ReplicaMetadata createInitial(ReplicaDirectory directory, long size, boolean revisionCounter)
            throws IOException {
        String headFile = ReplicaDirectory.layerFileName(1);
        try (NativeFile head = NativeFile.createNew(directory.resolve(headFile))) {
            head.truncate(size);
            head.sync();
        }
        if (revisionCounter) {
            RevisionCounter.create(directory.resolve(ReplicaDirectory.REVISION_COUNTER), 0)
                    .close();
        }
        NativeFile.syncDirectory(directory.path());
        LayerRecord head = new LayerRecord(
                ReplicaMetadata.HEAD_NAME, headFile, null, Instant.now().toString(), false, false);
        ReplicaMetadata metadata = new ReplicaMetadata(
                ReplicaMetadata.FORMAT_VERSION,
                size,
                ReplicaMetadata.BLOCK_SIZE,
                List.of(head),
                headFile,
                2,
                false,
                new ReplicaMetadata.RevisionCounterState(revisionCounter, 0),
                null);
        directory.writeMetadata(metadata);
        return metadata;
    }

    /** After a failed create, removes everything it wrote, so the directory can be used again. */
    static void removeFailedCreation(ReplicaDirectory directory, Exception failure) {
        try (Stream<Path> entries = Files.list(directory.path())) {
            for (Path entry : entries.toList()) {
                Files.deleteIfExists(entry);
            }
        } catch (IOException | RuntimeException cleanup) {
            failure.addSuppressed(cleanup);
        }
        closeQuietly(directory, failure);
    }

    /**
     * Opens the active chain's layer files and the counter, and rebuilds the block map from the
     * files' extents. Snapshot layers are opened read-only, except during a rebuild, which writes
     * into them.
     */
    static LayeredReplicaStore load(ReplicaDirectory directory, ReplicaMetadata metadata) throws IOException {
        RevisionCounter counter = null;
        LayerStack layers = null;
        try {
            layers = openChain(directory, metadata);
            NativeFile head = layers.head();
            if (head.size() != metadata.size()) {
                // A crash between resizing the head and switching the metadata during grow.
                head.truncate(metadata.size());
                head.sync();
            }
            BlockMap map = new BlockMap(metadata.size() >>> BLOCK_SHIFT);
            fillMap(map, layers, metadata.size());
            if (metadata.revisionCounter().enabled()) {
                counter = RevisionCounter.open(
                        directory.resolve(ReplicaDirectory.REVISION_COUNTER),
                        metadata.revisionCounter().value());
            }
            return LayeredReplicaStore.assemble(new StoreState(directory, metadata, layers, map, counter));
        } catch (IOException | RuntimeException e) {
            closeAll(layers, e);
            closeQuietly(counter, e);
            throw e;
        }
    }

    /** Opens the files of {@code metadata}'s active chain; on failure closes what it opened. */
    static LayerStack openChain(ReplicaDirectory directory, ReplicaMetadata metadata) throws IOException {
        return openChain(directory, metadata, null);
    }

    /**
     * Like {@link #openChain(ReplicaDirectory, ReplicaMetadata)}, taking {@code openHead} (when not
     * null) as the head's file instead of opening it.
     */
    static LayerStack openChain(ReplicaDirectory directory, ReplicaMetadata metadata, NativeFile openHead)
            throws IOException {
        List<LayerRecord> chain = metadata.activeChain();
        NativeFile[] files = new NativeFile[chain.size()];
        if (openHead != null) {
            files[files.length - 1] = openHead;
        }
        try {
            for (int i = 0; i < files.length; i++) {
                if (files[i] != null) {
                    continue;
                }
                Path path = directory.resolve(chain.get(i).file());
                boolean writable = i == files.length - 1 || metadata.rebuilding();
                files[i] = writable ? NativeFile.openReadWrite(path) : NativeFile.openReadOnly(path);
            }
            return LayerStack.of(files);
        } catch (IOException | RuntimeException e) {
            for (NativeFile file : files) {
                closeQuietly(file, e);
            }
            throw e;
        }
    }

    /** Closes every file of a chain, adding failures to {@code failure}. */
    static void closeAll(LayerStack layers, Exception failure) {
        if (layers != null) {
            for (int owner = 1; owner <= layers.headOwner(); owner++) {
                closeQuietly(layers.file(owner), failure);
            }
        }
    }

    /** Assigns every block to the newest layer of {@code layers} holding data for it. */
    static void fillMap(BlockMap map, LayerStack layers, long volumeSize) throws IOException {
        for (int owner = 1; owner <= layers.headOwner(); owner++) {
            addExtents(map, layers.file(owner), owner, volumeSize);
        }
    }

    /**
     * Marks the blocks holding data in {@code file} as owned by layer {@code owner}; called oldest
     * layer first, so newer layers win. Extents are rounded out to whole blocks: the store writes a
     * partial block into a layer only when no older layer holds that block, so the rest of it reads
     * zeros correctly either way.
     */
    private static void addExtents(BlockMap map, NativeFile file, int owner, long volumeSize) throws IOException {
        long limit = Math.min(file.size(), volumeSize);
        long position = 0;
        while (position < limit) {
            long data = file.nextData(position);
            if (data < 0 || data >= limit) {
                return;
            }
            long hole = Math.min(file.nextHole(data), limit);
            map.assign(data >>> BLOCK_SHIFT, (hole + BLOCK_MASK) >>> BLOCK_SHIFT, owner);
            position = hole;
        }
    }

    /**
     * First half of a snapshot: makes the current head's data durable and creates the next head
     * file, durable too, so the metadata switch that follows never points at a missing file.
     */
    static NativeFile startHead(
            ReplicaDirectory directory, LayerStack layers, RevisionCounter counter, String file, long size)
            throws IOException {
        layers.head().sync();
        if (counter != null) {
            counter.sync();
        }
        NativeFile head = NativeFile.createNew(directory.resolve(file));
        try {
            head.truncate(size);
            head.sync();
            NativeFile.syncDirectory(directory.path());
            return head;
        } catch (IOException | RuntimeException e) {
            discardHead(head, e);
            throw e;
        }
    }

    /** Undoes {@link #startHead} after a failure; what cannot be deleted is removed on next open. */
    static void discardHead(NativeFile head, Exception failure) {
        closeQuietly(head, failure);
        try {
            Files.deleteIfExists(head.path());
        } catch (IOException cleanup) {
            failure.addSuppressed(cleanup);
        }
    }

    /** Grows the head file, then switches the metadata; reverts the file if the switch did not happen. */
    static void resizeHead(
            ReplicaDirectory directory, NativeFile head, long oldSize, long newSize, ReplicaMetadata next)
            throws IOException {
        head.truncate(newSize);
        try {
            head.sync();
            directory.writeMetadata(next);
        } catch (ReplicaDirectory.MetadataNotDurableException e) {
            throw e; // the new size is current: keep the file as large as it says
        } catch (IOException | RuntimeException e) {
            try {
                head.truncate(oldSize);
            } catch (IOException | RuntimeException revert) {
                e.addSuppressed(revert);
            }
            throw e;
        }
    }

    /**
     * Makes everything durable, records dirty = false when the replica was dirty, and closes every
     * file even when an earlier step failed; the first failure is thrown.
     */
    static void closeCleanly(
            ReplicaDirectory directory,
            LayerStack layers,
            RevisionCounter counter,
            ReplicaMetadata cleanMetadata,
            boolean dirty)
            throws IOException {
        Exception failure = null;
        try {
            if (dirty) {
                layers.head().sync();
                if (counter != null) {
                    counter.sync();
                }
                directory.writeMetadata(cleanMetadata);
            }
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
        Exception closing = failure != null ? failure : new IOException("closing replica " + directory.path());
        closeAll(layers, closing);
        closeQuietly(counter, closing);
        closeQuietly(directory, closing);
        if (failure == null && closing.getSuppressed().length > 0) {
            failure = closing;
        }
        if (failure instanceof IOException io) {
            throw io;
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
    }

    static void closeQuietly(AutoCloseable closeable, Exception failure) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            failure.addSuppressed(e);
        }
    }
}
