package dev.corral.engine.nbd;

import io.netty.buffer.ByteBuf;

/**
 * One decoded request. Offsets are unsigned on the wire: one of 2^63 or more arrives here negative
 * and is out of range for every export. Only WRITE carries a {@code payload}; whoever holds the
 * request owns it and must hand it to the device or release it.
 */
record NbdRequest(long handle, NbdCommand command, int type, int flags, long offset, long length, ByteBuf payload) {

    boolean hasFlag(int flag) {
        return (flags & flag) != 0;
    }

    /** Bytes this request holds in memory while in flight: its payload or its read buffer. */
    long bufferedBytes() {
        return command == NbdCommand.READ || command == NbdCommand.WRITE ? length : 0;
    }

    void releasePayload() {
        if (payload != null) {
            payload.release();
        }
    }
}
