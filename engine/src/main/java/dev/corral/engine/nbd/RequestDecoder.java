package dev.corral.engine.nbd;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Splits the transmission-phase byte stream into {@link NbdRequest}s with an explicit state
 * machine: a 28-byte header, then for WRITE its payload. Payloads are never copied: a payload that
 * arrived in one socket read is a retained slice of that read's buffer, one that spans reads is a
 * composite of such slices. A WRITE longer than the maximum payload, or a header with the wrong
 * magic, leaves the stream impossible to resynchronise safely, so the connection is closed.
 */
final class RequestDecoder extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(RequestDecoder.class);

    /** Slices a spanning payload may consist of before Netty consolidates it into one buffer. */
    private static final int MAX_PAYLOAD_COMPONENTS = 1024;

    private enum State {
        HEADER,
        PAYLOAD,
        /** After DISC or a fatal error: everything else the client sends is dropped. */
        DISCARDING
    }

    private State state = State.HEADER;
    /** Header bytes gathered across reads; only used when a header is split. */
    private ByteBuf partialHeader;
    // The WRITE whose payload is being gathered.
    private long handle;
    private int flags;
    private long offset;
    private int payloadLength;
    private int payloadMissing;
    private CompositeByteBuf partialPayload;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        partialHeader = ctx.alloc().heapBuffer(NbdProtocol.REQUEST_HEADER_LENGTH);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseBuffers();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        state = State.DISCARDING;
        releaseBuffers();
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            while (in.isReadable()) {
                switch (state) {
                    case HEADER -> readHeader(ctx, in);
                    case PAYLOAD -> readPayload(ctx, in);
                    case DISCARDING -> in.skipBytes(in.readableBytes());
                }
            }
        } finally {
            in.release();
        }
    }

    private void readHeader(ChannelHandlerContext ctx, ByteBuf in) {
        ByteBuf header = in;
        if (partialHeader.isReadable() || in.readableBytes() < NbdProtocol.REQUEST_HEADER_LENGTH) {
            int missing = NbdProtocol.REQUEST_HEADER_LENGTH - partialHeader.readableBytes();
            partialHeader.writeBytes(in, Math.min(missing, in.readableBytes()));
            if (partialHeader.readableBytes() < NbdProtocol.REQUEST_HEADER_LENGTH) {
                return;
            }
            header = partialHeader;
        }
        int magic = header.readInt();
        int requestFlags = header.readUnsignedShort();
        int type = header.readUnsignedShort();
        long requestHandle = header.readLong();
        long requestOffset = header.readLong();
        long length = header.readUnsignedInt();
        partialHeader.clear();

        if (magic != NbdProtocol.REQUEST_MAGIC) {
            fatal(ctx, "bad request magic 0x" + Integer.toHexString(magic));
            return;
        }
        NbdCommand command = NbdCommand.ofType(type);
        if (command != NbdCommand.WRITE) {
            // Only WRITE carries a payload with compact headers, so any other type (even an
            // unknown one) is complete here; the executor rejects what it cannot run.
            ctx.fireChannelRead(
                    new NbdRequest(requestHandle, command, type, requestFlags, requestOffset, length, null));
            if (command == NbdCommand.DISC) {
                state = State.DISCARDING;
            }
            return;
        }
        if (length > NbdProtocol.MAX_PAYLOAD) {
            fatal(ctx, "WRITE of " + length + " bytes exceeds the maximum payload of " + NbdProtocol.MAX_PAYLOAD);
            return;
        }
        if (length == 0) {
            ctx.fireChannelRead(new NbdRequest(
                    requestHandle, command, type, requestFlags, requestOffset, 0, Unpooled.EMPTY_BUFFER));
            return;
        }
        handle = requestHandle;
        flags = requestFlags;
        offset = requestOffset;
        payloadLength = (int) length;
        payloadMissing = payloadLength;
        state = State.PAYLOAD;
    }

    private void readPayload(ChannelHandlerContext ctx, ByteBuf in) {
        int available = Math.min(payloadMissing, in.readableBytes());
        ByteBuf slice = in.readRetainedSlice(available);
        payloadMissing -= available;
        ByteBuf payload;
        if (partialPayload == null && payloadMissing == 0) {
            payload = slice;
        } else {
            if (partialPayload == null) {
                partialPayload = ctx.alloc().compositeBuffer(MAX_PAYLOAD_COMPONENTS);
            }
            partialPayload.addComponent(true, slice);
            if (payloadMissing > 0) {
                return;
            }
            payload = partialPayload;
            partialPayload = null;
        }
        state = State.HEADER;
        ctx.fireChannelRead(new NbdRequest(
                handle, NbdCommand.WRITE, NbdCommand.WRITE.type(), flags, offset, payloadLength, payload));
    }

    private void fatal(ChannelHandlerContext ctx, String reason) {
        state = State.DISCARDING;
        log.info("closing NBD connection {}: {}", ctx.channel().remoteAddress(), reason);
        ctx.close();
    }

    private void releaseBuffers() {
        if (partialHeader != null) {
            partialHeader.release();
            partialHeader = null;
        }
        if (partialPayload != null) {
            partialPayload.release();
            partialPayload = null;
        }
    }
}
