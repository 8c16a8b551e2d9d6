package dev.corral.engine.replica;

import dev.corral.engine.block.BlockIoException;
import dev.corral.engine.block.Extent;
import dev.corral.engine.block.IoError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * One replica's data on local disk: a writable head layer over read-only snapshot layers. Reads
 * and writes take any byte offset and length inside {@link #size()}. Methods throw {@link
 * dev.corral.engine.block.BlockIoException} for classified failures (INVALID for a range outside
 * the volume, NO_SPACE when the disk is full) and {@link IOException} for other disk errors.
 * Implementations are safe for concurrent use.
 */
public interface ReplicaStore extends AutoCloseable {
    long size();

    /** Fills {@code dst} (all its remaining bytes) from {@code offset}; holes read as zeros. */
    void read(long offset, ByteBuffer dst) throws IOException;

    /** Writes all remaining bytes of {@code src} at {@code offset} into the head layer. */
    void write(long offset, ByteBuffer src) throws IOException;

    /** Makes a range read as zeros, freeing space where no older layer still needs it. */
    void unmap(long offset, long length) throws IOException;

    /** Makes every completed write durable (fsync of the head and metadata). */
    void flush() throws IOException;

    /** Allocation of the resolved volume (all layers) over a range, in order, without gaps. */
    List<Extent> extents(long offset, long length) throws IOException;

    /** Freezes the head as a read-only snapshot layer named {@code name} and starts a new head. */
    void snapshot(String name) throws IOException;

    /** Like {@link #snapshot(String)}; {@code userCreated} is false for snapshots the system takes. */
    default void snapshot(String name, boolean userCreated) throws IOException {
        snapshot(name);
    }

    /** Grows the volume; shrinking is refused with INVALID. */
    void grow(long newSize) throws IOException;

    ReplicaInfo info();

    // Snapshot tree and rebuild. A store without layer files refuses these with NOT_SUPPORTED.

    /** Every layer of the tree with its parent, parents before children, the head last. */
    default List<LayerInfo> layers() throws IOException {
        throw unsupported("layer listing");
    }

    /** Marks snapshot {@code name} removed (INVALID for the head or an unknown name). */
    default void removeSnapshot(String name) throws IOException {
        throw unsupported("snapshot removal");
    }

    /** Folds removed snapshots into their neighbours and frees their space; reads stay the same. */
    default void purge() throws IOException {
        throw unsupported("purge");
    }

    /** Drops the head and starts an empty one on snapshot {@code name}; the volume must be offline. */
    default void revert(String name) throws IOException {
        throw unsupported("revert");
    }

    /** Allocation of one layer's own file (not the resolved volume) over a range, without gaps. */
    default List<Extent> layerExtents(String name, long offset, long length) throws IOException {
        throw unsupported("layer extents");
    }

    /** Fills {@code dst} from one layer's own file; its holes read as zeros. */
    default void readLayer(String name, long offset, ByteBuffer dst) throws IOException {
        throw unsupported("layer reads");
    }

    /** Index and 64-bit hash of every allocated 4 KiB block of one layer's file in the range. */
    default LayerDigests layerDigests(String name, long offset, long length) throws IOException {
        throw unsupported("layer digests");
    }

    /** Block count and a hash over all block digests of one layer, to compare chains cheaply. */
    default LayerSummary layerSummary(String name) throws IOException {
        throw unsupported("layer summaries");
    }

    /** Shapes this replica's chain like {@code chain} (the source's snapshots, oldest first). */
    default void prepareRebuild(List<LayerSpec> chain) throws IOException {
        throw unsupported("rebuild");
    }

    /** During a rebuild: writes source data into snapshot layer {@code name}. */
    default void writeLayer(String name, long offset, ByteBuffer src) throws IOException {
        throw unsupported("rebuild");
    }

    /** During a rebuild: deallocates whole blocks of snapshot layer {@code name}. */
    default void punchLayer(String name, long offset, long length) throws IOException {
        throw unsupported("rebuild");
    }

    /** Ends a rebuild: every layer durable, rebuilding cleared, block map rebuilt. */
    default void finishRebuild() throws IOException {
        throw unsupported("rebuild");
    }

    @Override
    void close() throws IOException;

    private static BlockIoException unsupported(String what) {
        return new BlockIoException(IoError.NOT_SUPPORTED, what + " needs a store with layer files");
    }
}
