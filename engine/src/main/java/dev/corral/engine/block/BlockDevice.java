package dev.corral.engine.block;

import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What a frontend (NBD) serves: a volume of {@link #size()} bytes. Every operation completes
 * asynchronously; a failure completes the future exceptionally with a {@link BlockIoException}
 * (anything else counts as {@link IoError#IO}). Callers check ranges against {@link #size()} before
 * calling; implementations check again and fail with {@link IoError#INVALID}.
 */
public interface BlockDevice {
    /** Current size in bytes; can grow while the device is served (online expansion). */
    long size();

    /** Reads {@code length} bytes; the caller owns (and releases) the returned buffer. */
    CompletableFuture<ByteBuf> read(long offset, int length);

    /**
     * Writes all readable bytes of {@code data} at {@code offset}; takes ownership of {@code data}
     * (releases it). With {@code fua} the data is durable when the future completes.
     */
    CompletableFuture<Void> write(long offset, ByteBuf data, boolean fua);

    /** Discards a range; it reads back as zeros afterwards. */
    CompletableFuture<Void> trim(long offset, long length, boolean fua);

    /** Makes a range read as zeros; with {@code noHole} the space stays allocated. */
    CompletableFuture<Void> writeZeroes(long offset, long length, boolean noHole, boolean fua);

    /** Makes every write acknowledged before this call durable. */
    CompletableFuture<Void> flush();

    /** Allocation map of a range: extents in order, covering it without gaps. */
    CompletableFuture<List<Extent>> extents(long offset, long length);
}
