package dev.corral.engine.nbd;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import java.util.List;

/**
 * Writes the reply to one request in the form the connection negotiated: simple replies, or
 * structured chunks when NBD_OPT_STRUCTURED_REPLY was acknowledged. Successful commands without a
 * payload get a simple reply in both modes (the spec allows it and it is 4 bytes shorter); errors
 * use an error chunk with a message when possible. Buffers handed in are written or released,
 * exactly once. Callers run on the event loop, write one whole reply per call and flush
 * afterwards, so the parts of a reply are never interleaved with another reply.
 */
final class ReplyWriter {
    private final ChannelHandlerContext ctx;
    private final boolean structured;

    ReplyWriter(ChannelHandlerContext ctx, boolean structured) {
        this.ctx = ctx;
        this.structured = structured;
    }

    void success(NbdRequest request) {
        write(ReplyEncoder.simple(ctx.alloc(), request.handle(), 0));
    }

    void error(NbdRequest request, int error, String message) {
        write(
                structured
                        ? ReplyEncoder.error(ctx.alloc(), request.handle(), error, message)
                        : ReplyEncoder.simple(ctx.alloc(), request.handle(), error));
    }

    /** A read answered in one piece; {@code data} goes to the socket as it is. */
    void read(NbdRequest request, ByteBuf data) {
        int length = data.readableBytes();
        if (length != request.length()) {
            data.release();
            error(request, NbdErrors.EIO, "device returned " + length + " bytes for a read of " + request.length());
        } else if (!structured) {
            write(ReplyEncoder.simple(ctx.alloc(), request.handle(), 0));
            write(data);
        } else if (length == 0) {
            data.release();
            write(ReplyEncoder.none(ctx.alloc(), request.handle()));
        } else {
            write(ReplyEncoder.offsetDataHeader(ctx.alloc(), request.handle(), true, request.offset(), length));
            write(data);
        }
    }

    /** A structured read as content chunks in offset order; the last one carries DONE. */
    void readChunks(NbdRequest request, List<ReadChunk> chunks) {
        for (ReadChunk chunk : chunks) {
            if (chunk instanceof ReadChunk.Data data && data.data().readableBytes() != data.length()) {
                ReadChunk.releaseAll(chunks);
                error(request, NbdErrors.EIO, "device returned a short read at offset " + data.offset());
                return;
            }
        }
        for (int i = 0; i < chunks.size(); i++) {
            boolean last = i == chunks.size() - 1;
            switch (chunks.get(i)) {
                case ReadChunk.Hole hole ->
                    write(ReplyEncoder.offsetHole(ctx.alloc(), request.handle(), last, hole.offset(), hole.length()));
                case ReadChunk.Data data -> {
                    write(ReplyEncoder.offsetDataHeader(
                            ctx.alloc(), request.handle(), last, data.offset(), data.length()));
                    write(data.data());
                }
            }
        }
    }

    void blockStatus(NbdRequest request, int contextId, AllocationDescriptors descriptors) {
        write(ReplyEncoder.blockStatus(ctx.alloc(), request.handle(), contextId, descriptors));
    }

    private void write(ByteBuf buffer) {
        // The void promise saves an allocation per write; a failed write surfaces as exceptionCaught.
        ctx.write(buffer, ctx.voidPromise());
    }
}
