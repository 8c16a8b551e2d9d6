package dev.corral.engine.replica.store;

import dev.corral.engine.block.Extent;
import dev.corral.engine.replica.LayerDigests;
import dev.corral.engine.replica.LayerSpec;
import dev.corral.engine.replica.ReplicaStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * What the controller's rebuild will do, reduced to one process: per snapshot layer, compare the
 * digests of source and target over windows of the volume and send only blocks that differ or are
 * missing, punching where the target holds data the source does not. Counts the data bytes sent.
 */
final class LayerSync {
    private static final int BLOCK = 4096;
    private static final long WINDOW = 16L << 20;

    long bytesSent;
    long blocksSent;

    static List<LayerSpec> snapshotChain(LayeredReplicaStore source) throws IOException {
        return source.layers().stream()
                .filter(l -> l.active() && !l.name().equals("volume-head"))
                .map(l -> new LayerSpec(l.name(), l.created().toString(), l.userCreated(), l.removed()))
                .toList();
    }

    /** Syncs every layer of {@code chain}; stops after {@code blockBudget} blocks (for interruptions). */
    void syncChain(ReplicaStore source, ReplicaStore target, List<LayerSpec> chain, long blockBudget)
            throws IOException {
        for (LayerSpec layer : chain) {
            for (long offset = 0; offset < source.size(); offset += WINDOW) {
                long length = Math.min(WINDOW, source.size() - offset);
                if (!syncWindow(source, target, layer.name(), offset, length, blockBudget)) {
                    return;
                }
            }
        }
    }

    private boolean syncWindow(
            ReplicaStore source, ReplicaStore target, String layer, long offset, long length, long blockBudget)
            throws IOException {
        LayerDigests wanted = source.layerDigests(layer, offset, length);
        LayerDigests have = target.layerDigests(layer, offset, length);
        for (int i = 0; i < wanted.count(); i++) {
            long block = wanted.blocks()[i];
            int at = Arrays.binarySearch(have.blocks(), block);
            if (at >= 0 && have.hashes()[at] == wanted.hashes()[i]) {
                continue;
            }
            if (blocksSent >= blockBudget) {
                return false;
            }
            ByteBuffer data = ByteBuffer.allocateDirect(BLOCK);
            source.readLayer(layer, block * BLOCK, data);
            data.flip();
            target.writeLayer(layer, block * BLOCK, data);
            bytesSent += BLOCK;
            blocksSent++;
        }
        for (int i = 0; i < have.count(); i++) {
            if (Arrays.binarySearch(wanted.blocks(), have.blocks()[i]) < 0) {
                target.punchLayer(layer, have.blocks()[i] * BLOCK, BLOCK);
            }
        }
        return true;
    }

    /** The full copy an empty target needs: source extents, read, write (no digests). */
    void copyByExtents(ReplicaStore source, ReplicaStore target, String layer) throws IOException {
        for (Extent extent : source.layerExtents(layer, 0, source.size())) {
            if (!extent.allocated()) {
                continue;
            }
            ByteBuffer data = ByteBuffer.allocateDirect((int) extent.length());
            source.readLayer(layer, extent.offset(), data);
            data.flip();
            target.writeLayer(layer, extent.offset(), data);
            bytesSent += extent.length();
        }
    }
}
