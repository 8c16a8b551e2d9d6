package dev.corral.engine.replica.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;

/** Test data and read helpers for the store tests. */
final class Bytes {
    static final int BLOCK = 4096;

    private Bytes() {}

    /** Deterministic pseudo-random bytes; distinct seeds give distinct data. */
    static byte[] pattern(long seed, int length) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static ByteBuffer direct(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(bytes.length);
        buffer.put(bytes).flip();
        return buffer;
    }

    /** Fails naming the first differing offset, instead of printing two huge arrays. */
    static void assertSameBytes(byte[] actual, byte[] expected, String what) {
        if (actual.length != expected.length) {
            throw new AssertionError(what + ": read " + actual.length + " bytes, expected " + expected.length);
        }
        int mismatch = Arrays.mismatch(actual, expected);
        if (mismatch >= 0) {
            throw new AssertionError(what + ": first difference at byte " + mismatch + " (block " + mismatch / BLOCK
                    + "): read " + actual[mismatch] + ", expected " + expected[mismatch]);
        }
    }

    static byte[] read(LayeredReplicaStore store, long offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocateDirect(length);
        store.read(offset, buffer);
        byte[] bytes = new byte[length];
        buffer.flip().get(bytes);
        return bytes;
    }

    static void write(LayeredReplicaStore store, long offset, byte[] bytes) throws IOException {
        store.write(offset, direct(bytes));
    }
}
