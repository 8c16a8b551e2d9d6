package dev.corral.engine.wire;

import dev.corral.engine.block.IoError;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Turns the bytes a replica server receives into {@link Request}s, or {@link MalformedRequest}s
 * for frames it refuses. A state machine: each call makes one step and returns when the next step
 * needs bytes that have not arrived. Every length in a header is checked before any payload is
 * buffered. A refused frame whose payload length is within the protocol maximum is skipped byte by
 * byte as it arrives and answered; one with a bad magic, version or payload length leaves the
 * stream without trustworthy frame boundaries, so everything after it is discarded. Never throws
 * on input.
 */
public final class RequestDecoder extends ByteToMessageDecoder {
    private enum State {
        HEADER,
        PAYLOAD,
        SKIP_PAYLOAD,
        BROKEN
    }

    private final int maxDataBytes;
    private State state = State.HEADER;

    // The header of the frame whose payload is being read or skipped.
    private Opcode op;
    private long id;
    private long offset;
    private long length;
    private int payloadLength;
    private long skipRemaining;
    private MalformedRequest refusal;
    private final PayloadCollector writeData = new PayloadCollector();

    /** {@code maxDataBytes}: largest READ or WRITE this server accepts, at most the protocol's. */
    public RequestDecoder(int maxDataBytes) {
        if (maxDataBytes <= 0 || maxDataBytes > WireFormat.MAX_DATA_BYTES) {
            throw new IllegalArgumentException("maxDataBytes must be 1.." + WireFormat.MAX_DATA_BYTES);
        }
        this.maxDataBytes = maxDataBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        switch (state) {
            case HEADER -> {
                if (in.readableBytes() >= WireFormat.REQUEST_HEADER_BYTES) {
                    readHeader(in, out);
                }
            }
            case PAYLOAD -> {
                if (op == Opcode.WRITE) {
                    ByteBuf data = writeData.collect(ctx.alloc(), in, payloadLength);
                    if (data != null) {
                        state = State.HEADER;
                        out.add(new WriteRequest(id, offset, data));
                    }
                } else if (in.readableBytes() >= payloadLength) {
                    state = State.HEADER;
                    out.add(readPayload(in));
                }
            }
            case SKIP_PAYLOAD -> skipPayload(in, out);
            case BROKEN -> in.skipBytes(in.readableBytes());
        }
    }

    private void readHeader(ByteBuf in, List<Object> out) {
        int magic = in.readInt();
        int version = in.readUnsignedByte();
        int opCode = in.readUnsignedByte();
        int flags = in.readUnsignedShort();
        id = in.readLong();
        offset = in.readLong();
        length = in.readLong();
        long payload = in.readUnsignedInt();
        if (magic != WireFormat.REQUEST_MAGIC) {
            breakStream(
                    in,
                    out,
                    0,
                    IoError.INVALID,
                    String.format("bad magic 0x%08x: not a Corral replica request", magic));
            return;
        }
        if (version != WireFormat.VERSION) {
            breakStream(
                    in,
                    out,
                    0,
                    IoError.NOT_SUPPORTED,
                    "protocol version " + version + " is not supported; this replica speaks version "
                            + WireFormat.VERSION);
            return;
        }
        if (payload > WireFormat.MAX_DATA_BYTES) {
            breakStream(
                    in,
                    out,
                    id,
                    IoError.INVALID,
                    "payload of " + payload + " bytes exceeds the protocol maximum of " + WireFormat.MAX_DATA_BYTES);
            return;
        }
        op = Opcode.ofCode(opCode);
        payloadLength = (int) payload;
        refusal = check(opCode, flags);
        if (refusal != null) {
            skipRemaining = payloadLength;
            state = State.SKIP_PAYLOAD;
            skipPayload(in, out);
        } else if (payloadLength > 0) {
            state = State.PAYLOAD;
        } else {
            out.add(requestWithoutPayload());
        }
    }

    /** Why the current header is refused, or null when it describes a valid request. */
    private MalformedRequest check(int opCode, int flags) {
        if (op == null) {
            return refuse(IoError.NOT_SUPPORTED, "unknown op " + opCode);
        }
        if (flags != 0) {
            return refuse(IoError.INVALID, op + " with unknown flags 0x" + Integer.toHexString(flags));
        }
        return switch (op) {
            case READ -> {
                if (payloadLength != 0) {
                    yield unexpectedPayload();
                }
                if (length < 0 || length > maxDataBytes) {
                    yield refuse(IoError.INVALID, "read of " + length + " bytes; at most " + maxDataBytes + " allowed");
                }
                yield checkRange();
            }
            case WRITE -> {
                if (length != payloadLength) {
                    yield refuse(
                            IoError.INVALID,
                            "write length " + length + " differs from its payload length " + payloadLength);
                }
                if (payloadLength > maxDataBytes) {
                    yield refuse(
                            IoError.INVALID,
                            "write of " + payloadLength + " bytes; at most " + maxDataBytes + " allowed");
                }
                yield checkRange();
            }
            case UNMAP, EXTENTS -> payloadLength != 0 ? unexpectedPayload() : checkRange();
            case FLUSH, PING, INFO -> {
                if (offset != 0 || length != 0 || payloadLength != 0) {
                    yield refuse(IoError.INVALID, op + " takes no offset, length or payload");
                }
                yield null;
            }
            case SNAPSHOT -> {
                if (offset != 0 || length != 0) {
                    yield refuse(IoError.INVALID, "SNAPSHOT takes no offset or length");
                }
                if (payloadLength == 0 || payloadLength > WireFormat.MAX_SNAPSHOT_NAME_BYTES) {
                    yield refuse(
                            IoError.INVALID,
                            "snapshot name of " + payloadLength + " bytes; 1.." + WireFormat.MAX_SNAPSHOT_NAME_BYTES
                                    + " allowed");
                }
                yield null;
            }
            case GROW -> {
                if (offset != 0 || payloadLength != 0) {
                    yield refuse(IoError.INVALID, "GROW takes only a size");
                }
                if (length < 0) {
                    yield refuse(IoError.INVALID, "negative size " + length);
                }
                yield null;
            }
        };
    }

    private MalformedRequest checkRange() {
        if (offset < 0 || length < 0 || length > Long.MAX_VALUE - offset) {
            return refuse(IoError.INVALID, op + " of invalid range " + offset + "+" + length);
        }
        return null;
    }

    private MalformedRequest unexpectedPayload() {
        return refuse(IoError.INVALID, op + " takes no payload, got " + payloadLength + " bytes");
    }

    private MalformedRequest refuse(IoError error, String reason) {
        return new MalformedRequest(id, error, reason, false);
    }

    private void skipPayload(ByteBuf in, List<Object> out) {
        int skip = (int) Math.min(in.readableBytes(), skipRemaining);
        in.skipBytes(skip);
        skipRemaining -= skip;
        if (skipRemaining == 0) {
            state = State.HEADER;
            out.add(refusal);
            refusal = null;
        }
    }

    private void breakStream(ByteBuf in, List<Object> out, long replyId, IoError error, String reason) {
        state = State.BROKEN;
        in.skipBytes(in.readableBytes());
        out.add(new MalformedRequest(replyId, error, reason, true));
    }

    private Object requestWithoutPayload() {
        try {
            return switch (op) {
                case READ -> new ReadRequest(id, offset, (int) length);
                case WRITE -> new WriteRequest(id, offset, Unpooled.EMPTY_BUFFER);
                case UNMAP -> new UnmapRequest(id, offset, length);
                case FLUSH -> new FlushRequest(id);
                case PING -> new PingRequest(id);
                case INFO -> new InfoRequest(id);
                case EXTENTS -> new ExtentsRequest(id, offset, length);
                case GROW -> new GrowRequest(id, length);
                case SNAPSHOT -> throw new IllegalStateException("SNAPSHOT without a name passed the checks");
            };
        } catch (IllegalArgumentException e) {
            return refuse(IoError.INVALID, e.getMessage());
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        writeData.release();
    }

    /** The payload of a frame other than WRITE, whose data goes through {@link #writeData}. */
    private Object readPayload(ByteBuf in) {
        return switch (op) {
            case SNAPSHOT -> snapshot(in);
            default -> throw new IllegalStateException(op + " with a payload passed the checks");
        };
    }

    private Object snapshot(ByteBuf in) {
        try {
            String name = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(in.nioBuffer(in.readerIndex(), payloadLength))
                    .toString();
            return new SnapshotRequest(id, name);
        } catch (CharacterCodingException | IllegalArgumentException e) {
            return refuse(IoError.INVALID, "snapshot name is not valid UTF-8");
        } finally {
            in.skipBytes(payloadLength);
        }
    }
}
