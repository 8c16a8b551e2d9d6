package dev.corral.engine.replica;

import dev.corral.engine.block.Extent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Reads of one layer's own file (not the resolved volume), by layer name. A rebuild source sends
 * its layers through these; the target answers the same questions about its own layers, so the
 * rebuild compares both ends with them and copies only what differs.
 */
public interface LayerSource {
    /** Allocation of one layer's own file over a range, without gaps. */
    List<Extent> layerExtents(String name, long offset, long length) throws IOException;

    /** Fills {@code dst} from one layer's own file; its holes read as zeros. */
    void readLayer(String name, long offset, ByteBuffer dst) throws IOException;

    /** Index and 64-bit hash of every allocated 4 KiB block of one layer's file in the range. */
    LayerDigests layerDigests(String name, long offset, long length) throws IOException;

    /** Block count and a hash over all block digests of one layer, to compare chains cheaply. */
    LayerSummary layerSummary(String name) throws IOException;
}
