package dev.corral.engine.nbd;

import io.netty.buffer.ByteBuf;

/** One content chunk of a structured read reply. */
sealed interface ReadChunk {
    long offset();

    /** Bytes read from the device; {@code length} is what was asked for, checked before sending. */
    record Data(long offset, int length, ByteBuf data) implements ReadChunk {}

    /** A range that reads as zeros and is sent as NBD_REPLY_TYPE_OFFSET_HOLE. */
    record Hole(long offset, int length) implements ReadChunk {}

    static void releaseAll(Iterable<? extends ReadChunk> chunks) {
        for (ReadChunk chunk : chunks) {
            if (chunk instanceof Data data) {
                data.data().release();
            }
        }
    }
}
