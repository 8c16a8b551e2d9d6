package dev.corral.engine.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Gathers one frame's data payload (WRITE or READ data, up to 32 MiB) as it arrives, so that it
 * never sits in a decoder's cumulation buffer. Left to {@code ByteToMessageDecoder}, a payload
 * that spans socket reads is merged into a cumulation that grows by reallocation (each step copies
 * everything gathered so far) and is compacted with memmove as it is consumed: measured, that
 * copying was most of a replica's CPU time under 1 MiB writes. Here a payload that arrived whole is
 * a retained slice of the read buffer (no copy); one that spans reads is copied once, into a
 * buffer allocated at its final size. Event loop only; not shared.
 */
final class PayloadCollector {
    private ByteBuf partial;

    /**
     * Takes up to the payload's missing bytes from {@code in}. Returns the whole payload (the
     * caller owns it) once complete, null while bytes are missing.
     */
    ByteBuf collect(ByteBufAllocator alloc, ByteBuf in, int length) {
        if (partial == null) {
            if (in.readableBytes() >= length) {
                return in.readRetainedSlice(length);
            }
            partial = alloc.ioBuffer(length, length);
        }
        partial.writeBytes(in, Math.min(in.readableBytes(), partial.writableBytes()));
        if (partial.isWritable()) {
            return null;
        }
        ByteBuf payload = partial;
        partial = null;
        return payload;
    }

    /** Drops a payload still being gathered (the channel went away mid-frame). */
    void release() {
        if (partial != null) {
            partial.release();
            partial = null;
        }
    }
}
