package dev.corral.engine.nbd;

import static dev.corral.engine.nbd.NbdProtocol.*;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Encodes transmission-phase replies. Data never passes through here: for a read the caller writes
 * the header built here and then the device's buffer as it is.
 */
final class ReplyEncoder {
    /** Structured error chunk payload before the message: error (4) and message length (2). */
    private static final int ERROR_PAYLOAD_FIXED = 6;

    private ReplyEncoder() {}

    static ByteBuf simple(ByteBufAllocator alloc, long handle, int error) {
        return alloc.buffer(SIMPLE_REPLY_HEADER_LENGTH)
                .writeInt(SIMPLE_REPLY_MAGIC)
                .writeInt(error)
                .writeLong(handle);
    }

    /** NBD_REPLY_TYPE_NONE with DONE: ends a structured reply that had no final content chunk. */
    static ByteBuf none(ByteBufAllocator alloc, long handle) {
        return chunkHeader(alloc, REPLY_FLAG_DONE, REPLY_TYPE_NONE, handle, 0, 0);
    }

    /** NBD_REPLY_TYPE_ERROR with DONE, carrying a message for the user. */
    static ByteBuf error(ByteBufAllocator alloc, long handle, int error, String message) {
        byte[] text = Utf8.truncate(message, MAX_STRING_LENGTH);
        int payload = ERROR_PAYLOAD_FIXED + text.length;
        return chunkHeader(alloc, REPLY_FLAG_DONE, REPLY_TYPE_ERROR, handle, payload, payload)
                .writeInt(error)
                .writeShort(text.length)
                .writeBytes(text);
    }

    /** Header and offset of an NBD_REPLY_TYPE_OFFSET_DATA chunk; the data follows separately. */
    static ByteBuf offsetDataHeader(ByteBufAllocator alloc, long handle, boolean done, long offset, int dataLength) {
        return chunkHeader(alloc, done ? REPLY_FLAG_DONE : 0, REPLY_TYPE_OFFSET_DATA, handle, 8 + dataLength, 8)
                .writeLong(offset);
    }

    static ByteBuf offsetHole(ByteBufAllocator alloc, long handle, boolean done, long offset, int holeLength) {
        return chunkHeader(alloc, done ? REPLY_FLAG_DONE : 0, REPLY_TYPE_OFFSET_HOLE, handle, 12, 12)
                .writeLong(offset)
                .writeInt(holeLength);
    }

    /** An NBD_REPLY_TYPE_BLOCK_STATUS chunk with DONE (this server offers a single context). */
    static ByteBuf blockStatus(ByteBufAllocator alloc, long handle, int contextId, AllocationDescriptors descriptors) {
        int payload = 4 + 8 * descriptors.count();
        ByteBuf reply = chunkHeader(alloc, REPLY_FLAG_DONE, REPLY_TYPE_BLOCK_STATUS, handle, payload, payload)
                .writeInt(contextId);
        for (int i = 0; i < descriptors.count(); i++) {
            reply.writeInt((int) descriptors.length(i)).writeInt(descriptors.status(i));
        }
        return reply;
    }

    private static ByteBuf chunkHeader(
            ByteBufAllocator alloc, int flags, int type, long handle, int payloadLength, int bytesWrittenHere) {
        return alloc.buffer(STRUCTURED_REPLY_HEADER_LENGTH + bytesWrittenHere)
                .writeInt(STRUCTURED_REPLY_MAGIC)
                .writeShort(flags)
                .writeShort(type)
                .writeLong(handle)
                .writeInt(payloadLength);
    }
}
