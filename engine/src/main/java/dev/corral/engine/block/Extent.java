package dev.corral.engine.block;

/**
 * A run of bytes of a block device with one allocation state. {@code allocated == false} is a hole:
 * it reads as zeros and holds no space on disk.
 */
public record Extent(long offset, long length, boolean allocated) {
    public Extent {
        if (offset < 0 || length <= 0) {
            throw new IllegalArgumentException("extent needs offset >= 0 and length > 0, got " + offset + "+" + length);
        }
    }

    public long end() {
        return offset + length;
    }
}
