package dev.corral.engine.replica;

import dev.corral.engine.block.Extent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * A replica's volume data as the replica server's data requests reach it: the store's hot path.
 * Reads and writes take any byte offset and length inside {@link #size()}. Failures are a {@link
 * dev.corral.engine.block.BlockIoException} when classified (INVALID for a range outside the
 * volume, NO_SPACE when the disk is full) and an {@link IOException} for other disk errors.
 * Implementations are safe for concurrent use.
 */
public interface BlockStore {
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
}
