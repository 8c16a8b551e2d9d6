package dev.corral.engine.replica.store;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reclaims the space of removed snapshots without changing what any remaining layer reads:
 *
 * <ul>
 *   <li>a removed leaf (no children; never the head) is dropped and its file deleted;
 *   <li>a removed layer whose only child is a snapshot is coalesced: the child's data is copied
 *       into the removed layer's file, which then takes the child's identity, and the child's file
 *       is deleted. Copy, fsync, metadata switch, delete: a crash before the switch leaves the
 *       removed layer with blocks its child shadows anyway, one after it leaves an unlisted file;
 *   <li>a removed layer whose only child is the head is pruned: holes are punched where the head
 *       holds the block, since nothing can read the removed layer's copy any more;
 *   <li>a removed layer with several children stays: each branch still reads through it.
 * </ul>
 *
 * Copying runs under the maintenance lock only, so the volume keeps serving I/O; the metadata
 * switch, the chain and map rebuild, and the punching run under the exclusive structure lock.
 */
final class Purger {
    private static final int BLOCK_SHIFT = 12;
    private static final int COPY_BYTES = 1 << 20;
    /** Blocks pruned per hold of the structure lock, so writers wait at most for one window. */
    private static final long PRUNE_WINDOW_BLOCKS = 1L << 14;

    private final StoreState state;

    Purger(StoreState state) {
        this.state = state;
    }

    void purge() throws IOException {
        state.maintenance.lock();
        try {
            state.requireOpen();
            state.requireNotRebuilding("purge");
            Set<String> pruned = new HashSet<>();
            boolean changed = true;
            while (changed) {
                changed = false;
                for (LayerRecord layer : state.metadata.layers().reversed()) {
                    if (!layer.removed() || layer.isHead()) {
                        continue;
                    }
                    List<LayerRecord> children = state.metadata.children(layer);
                    if (children.isEmpty()) {
                        dropLeaf(layer);
                        changed = true;
                    } else if (children.size() == 1 && !children.getFirst().isHead()) {
                        coalesce(layer, children.getFirst());
                        changed = true;
                    } else if (children.size() == 1 && pruned.add(layer.file())) {
                        prune(layer);
                    }
                    if (changed) {
                        break;
                    }
                }
            }
        } finally {
            state.maintenance.unlock();
        }
    }

    private void dropLeaf(LayerRecord leaf) throws IOException {
        state.structure.writeLock().lock();
        try {
            List<LayerRecord> rest = new ArrayList<>(state.metadata.layers());
            rest.remove(leaf);
            ReplicaMetadata current = state.metadata;
            state.switchMetadata(current.withLayers(rest, current.nextLayerId(), current.rebuild()));
        } finally {
            state.structure.writeLock().unlock();
        }
        deleteLayerFile(leaf);
    }

    private void coalesce(LayerRecord parent, LayerRecord child) throws IOException {
        try (NativeFile into = NativeFile.openReadWrite(state.directory.resolve(parent.file()));
                NativeFile from = NativeFile.openReadOnly(state.directory.resolve(child.file()))) {
            long childSize = from.size();
            if (into.size() < childSize) {
                into.truncate(childSize); // the child was taken after a grow
            }
            copyData(from, into, childSize);
            into.sync();
        }
        state.structure.writeLock().lock();
        try {
            ReplicaMetadata current = state.metadata;
            // Re-read the child: a remove may have marked it meanwhile.
            LayerRecord currentChild = current.byFile(child.file());
            boolean childWasActive = current.activeChain().contains(currentChild);
            List<LayerRecord> records = new ArrayList<>();
            for (LayerRecord layer : current.layers()) {
                if (layer.file().equals(parent.file())) {
                    records.add(layer.withIdentityOf(currentChild));
                } else if (layer.file().equals(child.file())) {
                    continue;
                } else if (child.file().equals(layer.parent())) {
                    records.add(layer.withParent(parent.file()));
                } else {
                    records.add(layer);
                }
            }
            state.switchMetadata(current.withLayers(records, current.nextLayerId(), current.rebuild()));
            if (childWasActive) {
                state.adoptChain(ReplicaFiles.openChain(state.directory, state.metadata, state.layers.head()));
            }
        } finally {
            state.structure.writeLock().unlock();
        }
        deleteLayerFile(child);
    }

    static void copyData(NativeFile from, NativeFile into, long size) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(COPY_BYTES, 4096);
            for (long[] run : LayerFileScanner.dataRuns(from, 0, size)) {
                for (long position = run[0]; position < run[1]; position += COPY_BYTES) {
                    MemorySegment chunk = buffer.asSlice(0, Math.min(COPY_BYTES, run[1] - position));
                    from.readFully(position, chunk);
                    into.writeFully(position, chunk);
                }
            }
        }
    }

    /** Punches holes in {@code layer} wherever the head (its only child) holds the block. */
    private void prune(LayerRecord layer) throws IOException {
        try (NativeFile file = NativeFile.openReadWrite(state.directory.resolve(layer.file()))) {
            for (long[] run : LayerFileScanner.dataRuns(file, 0, file.size())) {
                long first = run[0] >>> BLOCK_SHIFT;
                long end = run[1] >>> BLOCK_SHIFT;
                for (long window = first; window < end; window += PRUNE_WINDOW_BLOCKS) {
                    if (!pruneWindow(layer, file, window, Math.min(end, window + PRUNE_WINDOW_BLOCKS))) {
                        return;
                    }
                }
            }
            file.sync();
        }
    }

    /** Returns false when pruning must stop: the head is no longer the only child, or no punching. */
    private boolean pruneWindow(LayerRecord layer, NativeFile file, long from, long to) throws IOException {
        state.structure.writeLock().lock();
        try {
            state.requireOpen();
            List<LayerRecord> children = state.metadata.children(layer);
            if (children.size() != 1 || !children.getFirst().isHead()) {
                return false;
            }
            int head = state.layers.headOwner();
            long limit = Math.min(to, state.map.blockCount());
            // The head's copies of these blocks may still be only in the page cache: were the
            // parent's punched and synced first, a crash would lose both the old and the new data.
            // Writers are held off by the lock, so what is synced now is what the punch relies on.
            try {
                state.layers.head().sync();
            } catch (IOException e) {
                throw state.latch("fsync of the head before pruning " + layer.name(), e);
            }
            long block = from;
            while (block < limit) {
                int owner = state.map.owner(block);
                long runEnd = state.map.runEnd(block, owner, limit);
                if (owner == head && !file.punchHole(block << BLOCK_SHIFT, (runEnd - block) << BLOCK_SHIFT)) {
                    return false;
                }
                block = runEnd;
            }
            return true;
        } finally {
            state.structure.writeLock().unlock();
        }
    }

    private void deleteLayerFile(LayerRecord layer) throws IOException {
        Files.deleteIfExists(state.directory.resolve(layer.file()));
        NativeFile.syncDirectory(state.directory.path());
    }
}
