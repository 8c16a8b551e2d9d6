package dev.corral.engine.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Gathers one frame's data payload (WRITE or READ data, up to 32 MiB) as it arrives, so that it
 * never sits in a decoder's cumulation buffer. Left to {@code ByteToMessageDecoder}, a payload
 * that spans socket reads is merged into a cumulation that grows by reallocation (each step copies
 * everything gathered so far) and is compacted with memmove as it is consumed: measured, that
 * copying was most of a replica's CPU time under 1 MiB writes. Here a payload that arrived whole is
 * a retained slice of the read buffer (no copy); one that spans reads is copied into a buffer that
 * grows with the bytes that arrived, so a header that promises 32 MiB and sends one byte pins
 * {@value #FIRST_BUFFER_BYTES} bytes at most, not 32 MiB. Payloads up to that size (most writes)
 * are still copied exactly once; a larger one doubles its buffer as it fills, which copies its
 * bytes at most once more. Event loop only; not shared.
 */
final class PayloadCollector {
    /** The buffer a spanning payload starts with; a payload this small gets it at its final size. */
    static final int FIRST_BUFFER_BYTES = 1 << 20;

    private ByteBuf partial;
    private int length;

    /**
     * Takes up to the payload's missing bytes from {@code in}. Returns the whole payload (the
     * caller owns it) once complete, null while bytes are missing.
     */
    ByteBuf collect(ByteBufAllocator alloc, ByteBuf in, int length) {
        if (partial == null) {
            if (in.readableBytes() >= length) {
                return in.readRetainedSlice(length);
            }
            this.length = length;
            partial = alloc.ioBuffer(Math.min(length, Math.max(FIRST_BUFFER_BYTES, in.readableBytes())), length);
        }
        int take = Math.min(in.readableBytes(), length - partial.readableBytes());
        if (take > partial.writableBytes()) {
            grow(alloc, partial.readableBytes() + take);
        }
        partial.writeBytes(in, take);
        if (partial.readableBytes() < length) {
            return null;
        }
        ByteBuf payload = partial;
        partial = null;
        return payload;
    }

    /** Moves the bytes so far into a buffer at least twice as large (capped at the payload's length). */
    private void grow(ByteBufAllocator alloc, int needed) {
        int capacity = (int) Math.min(length, Math.max(needed, 2L * partial.capacity()));
        ByteBuf larger = alloc.ioBuffer(capacity, length);
        larger.writeBytes(partial);
        partial.release();
        partial = larger;
    }

    /** Drops a payload still being gathered (the channel went away mid-frame). */
    void release() {
        if (partial != null) {
            partial.release();
            partial = null;
        }
    }
}
