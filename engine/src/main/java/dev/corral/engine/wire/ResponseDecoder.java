package dev.corral.engine.wire;

import dev.corral.engine.block.IoError;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Turns the bytes a client receives into {@link Response}s. A state machine like {@link
 * RequestDecoder}; every payload length is checked against the limit of its kind before it is
 * buffered. A replica that sends a bad frame cannot be trusted with the rest of the stream, so the
 * decoder throws (the client then drops the connection) and discards everything after.
 */
public final class ResponseDecoder extends ByteToMessageDecoder {
    private enum State {
        HEADER,
        PAYLOAD,
        BROKEN
    }

    private final int maxDataBytes;
    private State state = State.HEADER;

    // The header of the frame whose payload is being read: op for a success, error for a failure.
    private long id;
    private Opcode op;
    private IoError error;
    private int payloadLength;
    private final PayloadCollector readData = new PayloadCollector();

    /** {@code maxDataBytes}: largest READ answer accepted, at most the protocol's. */
    public ResponseDecoder(int maxDataBytes) {
        this.maxDataBytes = WireFormat.requireDataLimit(maxDataBytes);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        switch (state) {
            case HEADER -> {
                if (in.readableBytes() >= WireFormat.RESPONSE_HEADER_BYTES) {
                    readHeader(in, out);
                }
            }
            case PAYLOAD -> {
                if (error == null && (op == Opcode.READ || op == Opcode.READ_LAYER)) {
                    ByteBuf data = readData.collect(ctx.alloc(), in, payloadLength);
                    if (data != null) {
                        state = State.HEADER;
                        out.add(op == Opcode.READ ? new ReadResponse(id, data) : new PayloadResponse(id, op, data));
                    }
                } else if (in.readableBytes() >= payloadLength) {
                    state = State.HEADER;
                    out.add(readPayload(in));
                }
            }
            case BROKEN -> in.skipBytes(in.readableBytes());
        }
    }

    private void readHeader(ByteBuf in, List<Object> out) {
        int magic = in.readInt();
        int version = in.readUnsignedByte();
        int opCode = in.readUnsignedByte();
        int status = in.readUnsignedByte();
        int reserved = in.readUnsignedByte();
        id = in.readLong();
        long payload = in.readUnsignedInt();
        if (magic != WireFormat.RESPONSE_MAGIC) {
            throw corrupt(String.format("bad magic 0x%08x: not a Corral replica response", magic));
        }
        if (version != WireFormat.VERSION) {
            throw corrupt("protocol version " + version + " is not supported");
        }
        if (reserved != 0) {
            throw corrupt("reserved header byte is " + reserved);
        }
        long limit;
        if (status == WireFormat.STATUS_OK) {
            op = Opcode.ofCode(opCode);
            error = null;
            if (op == null) {
                throw corrupt("unknown op " + opCode);
            }
            limit = WireFormat.payloadLimit(op, maxDataBytes);
        } else {
            if (opCode != 0) {
                throw corrupt("error response with op " + opCode);
            }
            op = null;
            error = WireFormat.errorOfStatus(status);
            limit = WireFormat.MAX_ERROR_MESSAGE_BYTES;
        }
        if (payload > limit) {
            state = State.BROKEN;
            throw new TooLongFrameException("response payload of " + payload + " bytes exceeds the limit of " + limit
                    + " for " + (op == null ? "an error" : op.toString()));
        }
        if ((op == Opcode.EXTENTS || op == Opcode.LAYER_EXTENTS) && payload % WireFormat.EXTENT_BYTES != 0) {
            throw corrupt("extent list of " + payload + " bytes is not a whole number of extents");
        }
        if (op == Opcode.LAYER_DIGESTS && payload % WireFormat.DIGEST_BYTES != 0) {
            throw corrupt("digest list of " + payload + " bytes is not a whole number of digests");
        }
        if (op == Opcode.LAYER_SUMMARY && payload != WireFormat.SUMMARY_BYTES) {
            throw corrupt("layer summary of " + payload + " bytes");
        }
        payloadLength = (int) payload;
        if (payloadLength == 0) {
            out.add(readPayload(in));
        } else {
            state = State.PAYLOAD;
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        readData.release();
    }

    /** A payload other than READ data (which goes through {@link #readData}), or none. */
    private Response readPayload(ByteBuf in) {
        if (error != null) {
            return new ErrorResponse(
                    id,
                    error,
                    in.readCharSequence(payloadLength, StandardCharsets.UTF_8).toString());
        }
        return switch (op) {
            case READ -> new ReadResponse(id, in.readRetainedSlice(payloadLength));
            case INFO -> info(in.readSlice(payloadLength));
            case EXTENTS -> new ExtentsResponse(id, ExtentListCodec.read(in, payloadLength / WireFormat.EXTENT_BYTES));
            case LIST_LAYERS, LAYER_EXTENTS, READ_LAYER, LAYER_DIGESTS, LAYER_SUMMARY ->
                new PayloadResponse(id, op, in.readRetainedSlice(payloadLength));
            default -> new DoneResponse(id, op);
        };
    }

    private InfoResponse info(ByteBuf json) {
        try {
            return new InfoResponse(id, ReplicaInfoJson.read(json));
        } catch (IOException | RuntimeException e) {
            throw corrupt("unreadable replica info: " + e.getMessage());
        }
    }

    private CorruptedFrameException corrupt(String message) {
        state = State.BROKEN;
        return new CorruptedFrameException(message);
    }
}
