package dev.corral.engine.replica;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The receiving end of a rebuild: the chain is shaped like the source's, the source's layer data
 * is written into it while live writes land in a new head, and the end makes it all durable.
 */
public interface RebuildTarget {
    /** Shapes this replica's chain like {@code chain} (the source's snapshots, oldest first). */
    void prepareRebuild(List<LayerSpec> chain) throws IOException;

    /** During a rebuild: writes source data into snapshot layer {@code name}. */
    void writeLayer(String name, long offset, ByteBuffer src) throws IOException;

    /** During a rebuild: deallocates whole blocks of snapshot layer {@code name}. */
    void punchLayer(String name, long offset, long length) throws IOException;

    /** Ends a rebuild: every layer durable, rebuilding cleared, block map rebuilt. */
    void finishRebuild() throws IOException;
}
