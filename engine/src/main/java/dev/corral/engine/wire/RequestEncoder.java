package dev.corral.engine.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;

/**
 * Writes {@link Request}s as frames; other messages pass through. Stateless, shared by every
 * channel. WRITE data is not copied: the header goes out in its own small buffer, followed by the
 * request's data buffer, whose ownership passes to the channel.
 */
@ChannelHandler.Sharable
public final class RequestEncoder extends ChannelOutboundHandlerAdapter {
    public static final RequestEncoder INSTANCE = new RequestEncoder();

    private RequestEncoder() {}

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof Request request)) {
            ctx.write(msg, promise);
            return;
        }
        ByteBuf header;
        try {
            header = ctx.alloc().ioBuffer(WireFormat.REQUEST_HEADER_BYTES + inlinePayloadBytes(request));
        } catch (Throwable allocationFailure) {
            ReferenceCountUtil.release(msg);
            promise.tryFailure(allocationFailure);
            return;
        }
        switch (request) {
            case ReadRequest r -> {
                writeHeader(header, r, r.offset(), r.length(), 0);
                ctx.write(header, promise);
            }
            case WriteRequest w -> {
                int length = w.data().readableBytes();
                writeHeader(header, w, w.offset(), length, length);
                ctx.write(header, HeaderPromises.forHeader(ctx, promise));
                ctx.write(w.data(), promise);
            }
            case UnmapRequest u -> {
                writeHeader(header, u, u.offset(), u.length(), 0);
                ctx.write(header, promise);
            }
            case ExtentsRequest e -> {
                writeHeader(header, e, e.offset(), e.length(), 0);
                ctx.write(header, promise);
            }
            case GrowRequest g -> {
                writeHeader(header, g, 0, g.newSize(), 0);
                ctx.write(header, promise);
            }
            case SnapshotRequest s -> {
                writeHeader(header, s, 0, s.userCreated() ? 0 : 1, ByteBufUtil.utf8Bytes(s.name()));
                ByteBufUtil.writeUtf8(header, s.name());
                ctx.write(header, promise);
            }
            case FlushRequest f -> {
                writeHeader(header, f, 0, 0, 0);
                ctx.write(header, promise);
            }
            case PingRequest p -> {
                writeHeader(header, p, 0, 0, 0);
                ctx.write(header, promise);
            }
            case InfoRequest i -> {
                writeHeader(header, i, 0, 0, 0);
                ctx.write(header, promise);
            }
            case TreeRequest t -> {
                writeHeader(header, t, 0, 0, 0);
                ctx.write(header, promise);
            }
            case LayerRequest l -> {
                writeHeader(header, l, l.offset(), l.length(), ByteBufUtil.utf8Bytes(l.name()));
                ByteBufUtil.writeUtf8(header, l.name());
                ctx.write(header, promise);
            }
            case WriteLayerRequest w -> {
                int nameBytes = ByteBufUtil.utf8Bytes(w.name());
                int length = w.data().readableBytes();
                writeHeader(header, w, w.offset(), length, 1 + nameBytes + length);
                header.writeByte(nameBytes);
                ByteBufUtil.writeUtf8(header, w.name());
                ctx.write(header, HeaderPromises.forHeader(ctx, promise));
                ctx.write(w.data(), promise);
            }
            case PrepareRebuildRequest p -> {
                try {
                    writeHeader(header, p, 0, 0, 0);
                    LayerCodec.writeChain(header, p.chain());
                    int payload = header.readableBytes() - WireFormat.REQUEST_HEADER_BYTES;
                    if (payload > WireFormat.MAX_LAYER_JSON_BYTES) {
                        throw new IllegalArgumentException(
                                "rebuild chain of " + payload + " bytes exceeds " + WireFormat.MAX_LAYER_JSON_BYTES);
                    }
                    header.setInt(WireFormat.REQUEST_HEADER_BYTES - 4, payload);
                } catch (IOException | RuntimeException e) {
                    header.release();
                    promise.tryFailure(e);
                    return;
                }
                ctx.write(header, promise);
            }
        }
    }

    private static int inlinePayloadBytes(Request request) {
        return switch (request) {
            case SnapshotRequest s -> ByteBufUtil.utf8MaxBytes(s.name());
            case LayerRequest l -> ByteBufUtil.utf8MaxBytes(l.name());
            case WriteLayerRequest w -> 1 + ByteBufUtil.utf8MaxBytes(w.name());
            case PrepareRebuildRequest p -> 256;
            default -> 0;
        };
    }

    private static void writeHeader(ByteBuf out, Request request, long offset, long length, int payloadLength) {
        out.writeInt(WireFormat.REQUEST_MAGIC);
        out.writeByte(WireFormat.VERSION);
        out.writeByte(request.op().code());
        out.writeShort(0);
        out.writeLong(request.id());
        out.writeLong(offset);
        out.writeLong(length);
        out.writeInt(payloadLength);
    }
}
