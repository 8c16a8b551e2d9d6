package dev.corral.engine.replica;

import java.util.Arrays;

/**
 * The 4 KiB blocks one layer file holds data for in a range, ascending, each with the xxHash3 of
 * its 4096 bytes: {@code blocks[i]} is a block index (offset / 4096), {@code hashes[i]} its hash.
 * Parallel arrays rather than an object per block, because a range can hold a million blocks.
 */
public record LayerDigests(long[] blocks, long[] hashes) {
    public static final int BLOCK_SIZE = 4096;

    public LayerDigests {
        if (blocks.length != hashes.length) {
            throw new IllegalArgumentException(blocks.length + " blocks but " + hashes.length + " hashes");
        }
    }

    public int count() {
        return blocks.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LayerDigests that
                && Arrays.equals(blocks, that.blocks)
                && Arrays.equals(hashes, that.hashes);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(blocks) + Arrays.hashCode(hashes);
    }

    @Override
    public String toString() {
        return "LayerDigests[" + blocks.length + " blocks]";
    }
}
