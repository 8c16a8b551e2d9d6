package dev.corral.engine.replica.store;

import dev.corral.engine.block.BlockIoException;
import dev.corral.engine.block.IoError;
import dev.corral.engine.replica.LayerSpec;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The target side of a rebuild. {@link #prepare} shapes the chain like the source's, reusing what
 * this replica already holds: snapshot layers with the same name at the same position, then its
 * current head as the starting file of the first layer it lacks (stale data from before it failed,
 * so a digest comparison sends only what differs). The source's data then arrives per layer
 * through {@link #writeLayer} and {@link #punchLayer} while new writes land in the new head, and
 * {@link #finish} makes it all durable and ends the rebuild.
 *
 * <p>While rebuilding the layers below the head are incomplete, so the head must never depend on
 * them: writes must cover whole blocks (a copy-up would copy incomplete data) and unmaps write
 * zeros instead of punching (a hole would let incomplete data show through).
 */
final class RebuildReceiver {
    private static final long BLOCK_SIZE = ReplicaMetadata.BLOCK_SIZE;
    private static final int BLOCK_SHIFT = 12;

    private final StoreState state;
    private final Unmapper unmapper;
    private final int maxLayers;

    RebuildReceiver(StoreState state, Unmapper unmapper, int maxLayers) {
        this.state = state;
        this.unmapper = unmapper;
        this.maxLayers = maxLayers;
    }

    static void requireWholeBlocks(String operation, long offset, long length) {
        if (offset % BLOCK_SIZE != 0 || length % BLOCK_SIZE != 0) {
            throw StoreState.invalid(operation + " of " + length + " bytes at " + offset + " during a rebuild: only "
                    + "whole " + BLOCK_SIZE + "-byte blocks are accepted while the lower layers are incomplete");
        }
    }

    /** {@code chain}: the source's snapshot layers, oldest first. */
    void prepare(List<LayerSpec> chain) throws IOException {
        requireUsableChain(chain);
        state.maintenance.lock();
        state.structure.writeLock().lock();
        try {
            state.requireOpen();
            ReplicaMetadata current = state.metadata;
            List<LayerRecord> active = current.activeChain();
            LayerRecord oldHead = active.removeLast();
            int reused = 0;
            while (reused < Math.min(active.size(), chain.size())
                    && active.get(reused).name().equals(chain.get(reused).name())) {
                reused++;
            }
            List<LayerRecord> records = new ArrayList<>();
            List<String> newFiles = new ArrayList<>();
            String parent = null;
            for (int i = 0; i < chain.size(); i++) {
                LayerSpec spec = chain.get(i);
                String file;
                if (i < reused) {
                    file = active.get(i).file();
                } else if (i == reused) {
                    file = oldHead.file();
                } else {
                    file = state.takeLayerFileName();
                    newFiles.add(file);
                }
                records.add(
                        new LayerRecord(spec.name(), file, parent, spec.created(), spec.userCreated(), spec.removed()));
                parent = file;
            }
            if (reused < chain.size()) {
                String headFile = state.takeLayerFileName();
                newFiles.add(headFile);
                records.add(new LayerRecord(
                        ReplicaMetadata.HEAD_NAME,
                        headFile,
                        parent,
                        Instant.now().toString(),
                        false,
                        false));
            } else {
                // Every layer is already here (a resumed rebuild): the head keeps the writes it took.
                records.add(oldHead.withParent(parent));
            }
            createEmptyLayers(newFiles);
            ReplicaMetadata next = current.withLayers(
                            records, state.nextLayerId, new ReplicaMetadata.RebuildState(chain))
                    .withDirty(true, state.revision());
            switchAndAdopt(next);
            deleteUnlisted(current, next);
        } finally {
            state.structure.writeLock().unlock();
            state.maintenance.unlock();
        }
    }

    private void requireUsableChain(List<LayerSpec> chain) {
        if (chain.size() + 1 > maxLayers) {
            throw StoreState.invalid("a rebuild chain of " + chain.size() + " snapshots does not fit the limit of "
                    + maxLayers + " layers");
        }
        Set<String> names = new HashSet<>();
        for (LayerSpec spec : chain) {
            SnapshotNames.requireWellFormed(spec.name());
            if (!names.add(spec.name())) {
                throw StoreState.invalid("rebuild chain names snapshot '" + spec.name() + "' twice");
            }
            try {
                Instant.parse(spec.created());
            } catch (RuntimeException e) {
                throw StoreState.invalid("snapshot '" + spec.name() + "' has an invalid creation time");
            }
        }
    }

    /** Creates and syncs the new layer files before any metadata names them. */
    private void createEmptyLayers(List<String> files) throws IOException {
        List<NativeFile> created = new ArrayList<>();
        try {
            for (String file : files) {
                NativeFile layer = NativeFile.createNew(state.directory.resolve(file));
                created.add(layer);
                layer.truncate(state.size);
                layer.sync();
            }
            NativeFile.syncDirectory(state.directory.path());
        } catch (IOException | RuntimeException e) {
            for (NativeFile layer : created) {
                ReplicaFiles.discardHead(layer, e);
            }
            throw e;
        } finally {
            for (NativeFile layer : created) {
                ReplicaFiles.closeQuietly(layer, new IOException("closing new layer"));
            }
        }
    }

    private void switchAndAdopt(ReplicaMetadata next) throws IOException {
        try {
            state.switchMetadata(next);
        } finally {
            if (state.metadata == next) {
                state.dirty = true;
                state.adoptChain(ReplicaFiles.openChain(state.directory, next));
            }
        }
    }

    private void deleteUnlisted(ReplicaMetadata before, ReplicaMetadata after) throws IOException {
        Set<String> kept = new HashSet<>();
        after.layers().forEach(layer -> kept.add(layer.file()));
        for (LayerRecord layer : before.layers()) {
            if (!kept.contains(layer.file())) {
                Files.deleteIfExists(state.directory.resolve(layer.file()));
            }
        }
        NativeFile.syncDirectory(state.directory.path());
    }

    /** Writes source data into snapshot layer {@code name} of the chain being rebuilt. */
    void writeLayer(String name, long offset, ByteBuffer src) throws IOException {
        int length = src.remaining();
        state.structure.readLock().lock();
        try {
            NativeFile file = rebuildingLayer("write", name, offset, length);
            MemorySegment data = MemorySegment.ofBuffer(src);
            if (src.isDirect()) {
                file.writeFully(offset, data);
            } else {
                try (Arena arena = Arena.ofConfined()) {
                    MemorySegment copy = arena.allocate(Math.max(1, length), BLOCK_SIZE);
                    MemorySegment.copy(data, 0, copy, 0, length);
                    file.writeFully(offset, copy.asSlice(0, length));
                }
            }
            src.position(src.limit());
        } finally {
            state.structure.readLock().unlock();
        }
    }

    /** Deallocates whole blocks of snapshot layer {@code name}, where the source has a hole. */
    void punchLayer(String name, long offset, long length) throws IOException {
        state.structure.readLock().lock();
        try {
            NativeFile file = rebuildingLayer("punch", name, offset, length);
            requireWholeBlocks("layer punch", offset, length);
            if (length > 0 && !file.punchHole(offset, length)) {
                throw new BlockIoException(
                        IoError.NOT_SUPPORTED, "the file system of " + state.directory.path() + " cannot punch holes");
            }
        } finally {
            state.structure.readLock().unlock();
        }
    }

    private NativeFile rebuildingLayer(String operation, String name, long offset, long length) {
        state.requireOpenAndInRange("layer " + operation, offset, length);
        if (!state.metadata.rebuilding()) {
            throw StoreState.invalid("cannot " + operation + " layer '" + name + "' of replica "
                    + state.directory.path() + ": it is not being rebuilt");
        }
        NativeFile file = state.chainFile(state.snapshotNamed(name));
        if (file == null) {
            throw StoreState.invalid("layer '" + name + "' is not on the chain being rebuilt");
        }
        return file;
    }

    /** Unmap of the head during a rebuild: whole blocks of real zeros, never holes. */
    void unmapHead(long offset, long length) throws IOException {
        requireWholeBlocks("unmap", offset, length);
        unmapper.zeroBlocksInHead(state.layers, offset >>> BLOCK_SHIFT, (offset + length) >>> BLOCK_SHIFT);
    }

    /** Makes every layer durable, ends the rebuild and rebuilds the map from the files' extents. */
    void finish() throws IOException {
        state.maintenance.lock();
        state.structure.writeLock().lock();
        try {
            state.requireOpen();
            ReplicaMetadata current = state.metadata;
            if (!current.rebuilding()) {
                throw StoreState.invalid("replica " + state.directory.path() + " is not being rebuilt");
            }
            LayerStack layers = state.layers;
            for (int owner = 1; owner <= layers.headOwner(); owner++) {
                layers.file(owner).sync();
            }
            ReplicaMetadata next = current.withLayers(current.layers(), state.nextLayerId, null);
            state.switchMetadata(next);
            // Reopens the snapshots read-only, now that nothing writes into them.
            state.adoptChain(ReplicaFiles.openChain(state.directory, next, layers.head()));
        } finally {
            state.structure.writeLock().unlock();
            state.maintenance.unlock();
        }
    }
}
