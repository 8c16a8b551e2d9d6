package dev.corral.engine.replica.store;

import dev.corral.engine.replica.LayerInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The operations that change the layer tree's shape or the volume's size without copying data:
 * snapshot, grow, remove (a mark), revert, and the tree listing. Each writes the new metadata as
 * its single switch point, after every new file is durable and before any old file is deleted, so
 * a crash leaves the old or the new tree and open removes the files neither lists.
 */
final class TreeEditor {
    /** What runs against one layer file while the structure lock keeps it from being deleted. */
    interface LayerFileAction<T> {
        T apply(NativeFile file) throws IOException;
    }

    private final StoreState state;
    private final int maxLayers;

    TreeEditor(StoreState state, int maxLayers) {
        this.state = state;
        this.maxLayers = maxLayers;
    }

    void snapshot(String name, boolean userCreated) throws IOException {
        state.structure.writeLock().lock();
        try {
            state.requireOpen();
            state.requireNotRebuilding("take a snapshot of");
            SnapshotNames.requireUsable(name, state.metadata, maxLayers);
            String file = state.takeLayerFileName();
            String now = Instant.now().toString();
            long revision = state.revision();
            ReplicaMetadata next = state.metadata
                    .withSnapshot(name, userCreated, file, state.nextLayerId, now, revision)
                    .withDirty(true, revision);
            NativeFile newHead =
                    ReplicaFiles.startHead(state.directory, state.layers, state.revisionCounter, file, state.size);
            try {
                state.directory.writeMetadata(next);
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
            state.structure.writeLock().unlock();
        }
    }

    private void adoptSnapshot(NativeFile newHead, ReplicaMetadata next) {
        state.layers = state.layers.withNewHead(newHead);
        state.metadata = next;
        state.dirty = true;
    }

    void grow(long newSize) throws IOException {
        state.structure.writeLock().lock();
        try {
            state.requireOpen();
            long size = state.size;
            if (newSize < size || newSize % ReplicaMetadata.BLOCK_SIZE != 0) {
                throw StoreState.invalid("cannot resize replica " + state.directory.path() + " from " + size + " to "
                        + newSize + " bytes: it can only grow, to a multiple of " + ReplicaMetadata.BLOCK_SIZE);
            }
            if (newSize == size) {
                return;
            }
            long revision = state.revision();
            ReplicaMetadata next = state.metadata.withSize(newSize, revision).withDirty(true, revision);
            try {
                ReplicaFiles.resizeHead(state.directory, state.layers.head(), size, newSize, next);
            } catch (ReplicaDirectory.MetadataNotDurableException e) {
                adoptSize(next);
                throw e;
            }
            adoptSize(next);
        } finally {
            state.structure.writeLock().unlock();
        }
    }

    private void adoptSize(ReplicaMetadata next) {
        state.map.grow(next.size() / ReplicaMetadata.BLOCK_SIZE);
        state.metadata = next;
        state.size = next.size();
        state.dirty = true;
    }

    /** Every layer of the tree, parents before children, the head last. */
    List<LayerInfo> list() throws IOException {
        state.structure.readLock().lock();
        try {
            state.requireOpen();
            ReplicaMetadata metadata = state.metadata;
            List<LayerRecord> chain = metadata.activeChain();
            List<LayerInfo> infos = new ArrayList<>();
            for (LayerRecord record : metadata.layers()) {
                LayerRecord parent = metadata.byFile(record.parent());
                infos.add(new LayerInfo(
                        record.name(),
                        parent == null ? null : parent.name(),
                        Instant.parse(record.created()),
                        record.userCreated(),
                        record.removed(),
                        withFile(record, NativeFile::allocatedBytes),
                        chain.contains(record)));
            }
            return infos;
        } finally {
            state.structure.readLock().unlock();
        }
    }

    /** Marks snapshot {@code name} removed; its data stays until {@link Purger#purge}. */
    void remove(String name) throws IOException {
        state.structure.writeLock().lock();
        try {
            state.requireOpen();
            LayerRecord target = state.snapshotNamed(name);
            if (!target.removed()) {
                state.switchMetadata(state.metadata.mapLayers(l -> l == target ? l.withRemoved(true) : l));
            }
        } finally {
            state.structure.writeLock().unlock();
        }
    }

    /**
     * Drops the head and starts an empty one on top of snapshot {@code name}. The new head file is
     * made durable first; the metadata switch makes it current; the old head file is deleted last
     * (or by the next open, as a file no metadata lists).
     */
    void revert(String name) throws IOException {
        state.maintenance.lock();
        state.structure.writeLock().lock();
        try {
            state.requireOpen();
            state.requireNotRebuilding("revert");
            LayerRecord target = state.snapshotNamed(name);
            if (target.removed()) {
                throw StoreState.invalid("cannot revert to snapshot '" + name + "': it is removed");
            }
            ReplicaMetadata current = state.metadata;
            LayerRecord oldHead = current.headLayer();
            String file = state.takeLayerFileName();
            List<LayerRecord> records = new ArrayList<>(current.layers());
            records.removeLast();
            records.add(new LayerRecord(
                    ReplicaMetadata.HEAD_NAME,
                    file,
                    target.file(),
                    Instant.now().toString(),
                    false,
                    false));
            ReplicaMetadata next =
                    current.withLayers(records, state.nextLayerId, null).withDirty(true, state.revision());
            NativeFile newHead =
                    ReplicaFiles.startHead(state.directory, state.layers, state.revisionCounter, file, state.size);
            try {
                state.switchMetadata(next);
            } catch (IOException | RuntimeException e) {
                if (state.metadata != next) {
                    ReplicaFiles.discardHead(newHead, e);
                    throw e;
                }
                adoptRevert(newHead, e);
                throw e;
            }
            adoptRevert(newHead, null);
            Files.deleteIfExists(state.directory.resolve(oldHead.file()));
            NativeFile.syncDirectory(state.directory.path());
        } finally {
            state.structure.writeLock().unlock();
            state.maintenance.unlock();
        }
    }

    /** Makes the new head and its ancestors the open chain; {@code failure} collects what goes wrong. */
    private void adoptRevert(NativeFile newHead, Exception failure) throws IOException {
        state.dirty = true;
        try {
            state.adoptChain(ReplicaFiles.openChain(state.directory, state.metadata, newHead));
        } catch (IOException | RuntimeException e) {
            if (failure != null) {
                failure.addSuppressed(e);
                return;
            }
            throw e;
        }
    }

    /** Runs {@code action} on the file of layer {@code name} (head or snapshot, any branch). */
    <T> T withLayerFile(String name, LayerFileAction<T> action) throws IOException {
        state.structure.readLock().lock();
        try {
            state.requireOpen();
            LayerRecord record = name == null ? null : state.metadata.byName(name);
            if (record == null) {
                throw StoreState.invalid("replica " + state.directory.path() + " has no layer named '" + name + "'");
            }
            return withFile(record, action);
        } finally {
            state.structure.readLock().unlock();
        }
    }

    private <T> T withFile(LayerRecord record, LayerFileAction<T> action) throws IOException {
        NativeFile open = state.chainFile(record);
        if (open != null) {
            return action.apply(open);
        }
        try (NativeFile offChain = NativeFile.openReadOnly(state.directory.resolve(record.file()))) {
            return action.apply(offChain);
        }
    }
}
