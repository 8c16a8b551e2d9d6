package dev.corral.engine.wire;

import dev.corral.engine.block.IoError;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.io.IOException;
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
        this.maxDataBytes = WireFormat.requireDataLimit(maxDataBytes);
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
                if (op == Opcode.WRITE || op == Opcode.WRITE_LAYER) {
                    // Large data payloads (live writes, rebuild copies) are gathered without
                    // growing the cumulation buffer.
                    ByteBuf payload = writeData.collect(ctx.alloc(), in, payloadLength);
                    if (payload != null) {
                        state = State.HEADER;
                        if (op == Opcode.WRITE) {
                            out.add(new WriteRequest(id, offset, payload));
                        } else {
                            try {
                                out.add(writeLayer(payload));
                            } finally {
                                payload.release();
                            }
                        }
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
                if (offset != 0 || (length != 0 && length != 1)) {
                    yield refuse(IoError.INVALID, "SNAPSHOT takes no offset, and length 0 (user) or 1 (system)");
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
            default -> checkLayerOp();
        };
    }

    /** The snapshot-tree and rebuild ops; each length is checked against its own maximum. */
    private MalformedRequest checkLayerOp() {
        return switch (op) {
            case LIST_LAYERS, PURGE, FINISH_REBUILD -> {
                if (offset != 0 || length != 0 || payloadLength != 0) {
                    yield refuse(IoError.INVALID, op + " takes no offset, length or payload");
                }
                yield null;
            }
            case REMOVE_SNAPSHOT, REVERT, LAYER_SUMMARY -> {
                if (offset != 0 || length != 0) {
                    yield refuse(IoError.INVALID, op + " takes no offset or length");
                }
                yield checkNamePayload();
            }
            case LAYER_EXTENTS, READ_LAYER, LAYER_DIGESTS, PUNCH_LAYER -> {
                if (op == Opcode.READ_LAYER && length > maxDataBytes) {
                    yield refuse(IoError.INVALID, "layer read of " + length + " bytes; at most " + maxDataBytes);
                }
                if (op == Opcode.LAYER_DIGESTS && length > WireFormat.MAX_DIGEST_RANGE_BYTES) {
                    yield refuse(
                            IoError.INVALID,
                            "digests over " + length + " bytes; at most " + WireFormat.MAX_DIGEST_RANGE_BYTES);
                }
                MalformedRequest name = checkNamePayload();
                yield name != null ? name : checkRange();
            }
            case PREPARE_REBUILD -> {
                if (offset != 0 || length != 0) {
                    yield refuse(IoError.INVALID, "PREPARE_REBUILD takes no offset or length");
                }
                if (payloadLength == 0 || payloadLength > WireFormat.MAX_LAYER_JSON_BYTES) {
                    yield refuse(
                            IoError.INVALID,
                            "rebuild chain of " + payloadLength + " bytes; 1.." + WireFormat.MAX_LAYER_JSON_BYTES
                                    + " allowed");
                }
                yield null;
            }
            case WRITE_LAYER -> {
                if (length < 0 || length > maxDataBytes) {
                    yield refuse(IoError.INVALID, "layer write of " + length + " bytes; at most " + maxDataBytes);
                }
                long nameBytes = payloadLength - length - 1;
                if (nameBytes < 1 || nameBytes > WireFormat.MAX_SNAPSHOT_NAME_BYTES) {
                    yield refuse(
                            IoError.INVALID,
                            "layer write payload of " + payloadLength + " bytes does not hold a name and " + length
                                    + " bytes of data");
                }
                yield checkRange();
            }
            default -> throw new IllegalStateException(op + " has no layer checks");
        };
    }

    private MalformedRequest checkNamePayload() {
        if (payloadLength == 0 || payloadLength > WireFormat.MAX_SNAPSHOT_NAME_BYTES) {
            return refuse(
                    IoError.INVALID,
                    op + " layer name of " + payloadLength + " bytes; 1.." + WireFormat.MAX_SNAPSHOT_NAME_BYTES
                            + " allowed");
        }
        return null;
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
                case LIST_LAYERS, PURGE, FINISH_REBUILD -> new TreeRequest(id, op);
                default -> throw new IllegalStateException(op + " without a payload passed the checks");
            };
        } catch (IllegalArgumentException e) {
            return refuse(IoError.INVALID, e.getMessage());
        }
    }

    /**
     * True while a frame has started arriving but is not complete: part of a header is buffered,
     * or a payload is being read or skipped. A broken stream is being discarded, not read.
     */
    public boolean midFrame() {
        return switch (state) {
            case HEADER -> actualReadableBytes() > 0;
            case PAYLOAD, SKIP_PAYLOAD -> true;
            case BROKEN -> false;
        };
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        writeData.release();
    }

    /** The payload of a frame other than WRITE, whose data goes through {@link #writeData}. */
    private Object readPayload(ByteBuf in) {
        return switch (op) {
            case SNAPSHOT -> snapshot(in);
            case REMOVE_SNAPSHOT, REVERT, LAYER_SUMMARY, LAYER_EXTENTS, READ_LAYER, LAYER_DIGESTS, PUNCH_LAYER ->
                layerRequest(in);
            case PREPARE_REBUILD -> prepareRebuild(in);
            case WRITE_LAYER -> writeLayer(in);
            default -> throw new IllegalStateException(op + " with a payload passed the checks");
        };
    }

    private Object layerRequest(ByteBuf in) {
        String name = strictUtf8(in, payloadLength);
        if (name == null) {
            return refuse(IoError.INVALID, "layer name is not valid UTF-8");
        }
        try {
            return new LayerRequest(id, op, name, offset, length);
        } catch (IllegalArgumentException e) {
            return refuse(IoError.INVALID, e.getMessage());
        }
    }

    private Object prepareRebuild(ByteBuf in) {
        ByteBuf json = in.readSlice(payloadLength);
        try {
            return new PrepareRebuildRequest(id, LayerCodec.readChain(json));
        } catch (IOException | RuntimeException e) {
            return refuse(IoError.INVALID, "unreadable rebuild chain: " + e.getMessage());
        }
    }

    private Object writeLayer(ByteBuf in) {
        int nameBytes = in.readUnsignedByte();
        if (nameBytes != payloadLength - length - 1) {
            in.skipBytes(payloadLength - 1);
            return refuse(IoError.INVALID, "layer write name length " + nameBytes + " does not fit its payload");
        }
        String name = strictUtf8(in, nameBytes);
        if (name == null) {
            in.skipBytes((int) length);
            return refuse(IoError.INVALID, "layer name is not valid UTF-8");
        }
        ByteBuf data = in.readRetainedSlice((int) length);
        try {
            return new WriteLayerRequest(id, name, offset, data);
        } catch (IllegalArgumentException e) {
            data.release();
            return refuse(IoError.INVALID, e.getMessage());
        }
    }

    /** Reads {@code bytes} bytes as strict UTF-8; null when they are not valid UTF-8. */
    private static String strictUtf8(ByteBuf in, int bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(in.nioBuffer(in.readerIndex(), bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        } finally {
            in.skipBytes(bytes);
        }
    }

    private Object snapshot(ByteBuf in) {
        try {
            String name = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(in.nioBuffer(in.readerIndex(), payloadLength))
                    .toString();
            return new SnapshotRequest(id, name, length == 0);
        } catch (CharacterCodingException | IllegalArgumentException e) {
            return refuse(IoError.INVALID, "snapshot name is not valid UTF-8");
        } finally {
            in.skipBytes(payloadLength);
        }
    }
}
