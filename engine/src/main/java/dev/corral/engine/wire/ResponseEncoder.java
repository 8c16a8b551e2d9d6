package dev.corral.engine.wire;

import dev.corral.engine.block.IoError;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;

/**
 * Writes {@link Response}s as frames; other messages pass through. Stateless, shared by every
 * channel. READ data and layer payloads are not copied (header buffer, then the data buffer). An
 * INFO, EXTENTS or layer answer above the protocol limits goes out as an ERROR for the same id
 * instead, so the peer never receives a frame it has to refuse.
 */
@ChannelHandler.Sharable
public final class ResponseEncoder extends ChannelOutboundHandlerAdapter {
    public static final ResponseEncoder INSTANCE = new ResponseEncoder();

    /** Position of the status byte in the response header. */
    private static final int STATUS_BYTE = 6;

    private ResponseEncoder() {}

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof Response response)) {
            ctx.write(msg, promise);
            return;
        }
        ByteBuf frame;
        try {
            frame = switch (response) {
                case ReadResponse r -> readHeader(ctx, r);
                case DoneResponse d -> done(ctx, d);
                case InfoResponse i -> info(ctx, i);
                case ExtentsResponse e -> extents(ctx, e);
                case PayloadResponse p -> payloadHeader(ctx, p);
                case ErrorResponse e -> error(ctx, e);
            };
        } catch (Throwable failure) {
            ReferenceCountUtil.release(msg);
            promise.tryFailure(failure);
            return;
        }
        if (response instanceof ReadResponse read) {
            ctx.write(frame, HeaderPromises.forHeader(ctx, promise));
            ctx.write(read.data(), promise);
        } else if (response instanceof PayloadResponse payload) {
            boolean replacedByError = frame.getByte(STATUS_BYTE) != WireFormat.STATUS_OK;
            if (replacedByError) {
                payload.release();
                ctx.write(frame, promise);
            } else {
                ctx.write(frame, HeaderPromises.forHeader(ctx, promise));
                ctx.write(payload.data(), promise);
            }
        } else {
            ctx.write(frame, promise);
        }
    }

    private static ByteBuf readHeader(ChannelHandlerContext ctx, ReadResponse read) {
        ByteBuf out = ctx.alloc().ioBuffer(WireFormat.RESPONSE_HEADER_BYTES);
        writeHeader(
                out,
                Opcode.READ.code(),
                WireFormat.STATUS_OK,
                read.id(),
                read.data().readableBytes());
        return out;
    }

    /** The header of a layer payload; the payload follows uncopied. Over its limit: an error instead. */
    private static ByteBuf payloadHeader(ChannelHandlerContext ctx, PayloadResponse response) {
        int payload = response.data().readableBytes();
        long limit = WireFormat.payloadLimit(response.op(), WireFormat.MAX_DATA_BYTES);
        if (payload > limit) {
            return error(
                    ctx,
                    new ErrorResponse(
                            response.id(),
                            IoError.OVERFLOW,
                            response.op() + " answer of " + payload + " bytes exceeds the protocol's " + limit));
        }
        ByteBuf out = ctx.alloc().ioBuffer(WireFormat.RESPONSE_HEADER_BYTES);
        writeHeader(out, response.op().code(), WireFormat.STATUS_OK, response.id(), payload);
        return out;
    }

    private static ByteBuf done(ChannelHandlerContext ctx, DoneResponse done) {
        ByteBuf out = ctx.alloc().ioBuffer(WireFormat.RESPONSE_HEADER_BYTES);
        writeHeader(out, done.op().code(), WireFormat.STATUS_OK, done.id(), 0);
        return out;
    }

    private static ByteBuf info(ChannelHandlerContext ctx, InfoResponse info) {
        ByteBuf out = ctx.alloc().ioBuffer(WireFormat.RESPONSE_HEADER_BYTES + 256);
        writeHeader(out, Opcode.INFO.code(), WireFormat.STATUS_OK, info.id(), 0);
        try {
            ReplicaInfoJson.write(out, info.info());
        } catch (IOException | RuntimeException e) {
            out.release();
            return error(ctx, new ErrorResponse(info.id(), IoError.IO, "cannot encode replica info: " + e));
        }
        int payload = out.readableBytes() - WireFormat.RESPONSE_HEADER_BYTES;
        if (payload > WireFormat.MAX_INFO_BYTES) {
            out.release();
            return error(
                    ctx,
                    new ErrorResponse(
                            info.id(),
                            IoError.OVERFLOW,
                            "replica info is " + payload + " bytes, more than the protocol's "
                                    + WireFormat.MAX_INFO_BYTES));
        }
        out.setInt(WireFormat.RESPONSE_HEADER_BYTES - 4, payload);
        return out;
    }

    private static ByteBuf extents(ChannelHandlerContext ctx, ExtentsResponse extents) {
        int count = extents.extents().size();
        if (count > WireFormat.MAX_EXTENTS) {
            return error(
                    ctx,
                    new ErrorResponse(
                            extents.id(),
                            IoError.OVERFLOW,
                            "range has " + count + " extents, more than the " + WireFormat.MAX_EXTENTS
                                    + " one answer carries; ask for a smaller range"));
        }
        int payload = count * WireFormat.EXTENT_BYTES;
        ByteBuf out = ctx.alloc().ioBuffer(WireFormat.RESPONSE_HEADER_BYTES + payload);
        writeHeader(out, Opcode.EXTENTS.code(), WireFormat.STATUS_OK, extents.id(), payload);
        ExtentListCodec.write(out, extents.extents());
        return out;
    }

    private static ByteBuf error(ChannelHandlerContext ctx, ErrorResponse error) {
        int messageBytes = ByteBufUtil.utf8Bytes(error.message());
        ByteBuf out = ctx.alloc().ioBuffer(WireFormat.RESPONSE_HEADER_BYTES + messageBytes);
        writeHeader(out, 0, WireFormat.statusOf(error.error()), error.id(), messageBytes);
        ByteBufUtil.writeUtf8(out, error.message());
        return out;
    }

    private static void writeHeader(ByteBuf out, int op, int status, long id, int payloadLength) {
        out.writeInt(WireFormat.RESPONSE_MAGIC);
        out.writeByte(WireFormat.VERSION);
        out.writeByte(op);
        out.writeByte(status);
        out.writeByte(0);
        out.writeLong(id);
        out.writeInt(payloadLength);
    }
}
