package dev.corral.engine.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;

/** Runs encoders and decoders in EmbeddedChannels the way tests need them. */
final class Frames {
    private Frames() {}

    /** All bytes {@code encoder} produces for {@code messages}, in one buffer; its output is released. */
    static ByteBuf encode(ChannelHandler encoder, Object... messages) {
        EmbeddedChannel channel = new EmbeddedChannel(encoder);
        for (Object message : messages) {
            channel.writeOutbound(message);
        }
        ByteBuf bytes = Unpooled.buffer();
        for (ByteBuf part = channel.readOutbound(); part != null; part = channel.readOutbound()) {
            bytes.writeBytes(part);
            part.release();
        }
        assertThat(channel.finish()).as("encoder left output behind").isFalse();
        return bytes;
    }

    /** Feeds {@code bytes} one byte per read and returns what came out; releases {@code bytes}. */
    static List<Object> feedByteAtATime(EmbeddedChannel channel, ByteBuf bytes) {
        List<Object> decoded = new ArrayList<>();
        try {
            while (bytes.isReadable()) {
                channel.writeInbound(bytes.readRetainedSlice(1));
                drain(channel, decoded);
            }
        } finally {
            bytes.release();
        }
        return decoded;
    }

    /** Feeds {@code bytes} in one read and returns what came out; releases {@code bytes}. */
    static List<Object> feed(EmbeddedChannel channel, ByteBuf bytes) {
        List<Object> decoded = new ArrayList<>();
        channel.writeInbound(bytes);
        drain(channel, decoded);
        return decoded;
    }

    private static void drain(EmbeddedChannel channel, List<Object> into) {
        for (Object message = channel.readInbound(); message != null; message = channel.readInbound()) {
            into.add(message);
        }
    }

    /** A request header with every field chosen by the test, valid or not. */
    static ByteBuf requestHeader(
            int magic, int version, int op, int flags, long id, long offset, long length, long payloadLength) {
        return Unpooled.buffer(WireFormat.REQUEST_HEADER_BYTES)
                .writeInt(magic)
                .writeByte(version)
                .writeByte(op)
                .writeShort(flags)
                .writeLong(id)
                .writeLong(offset)
                .writeLong(length)
                .writeInt((int) payloadLength);
    }

    static ByteBuf requestHeader(Opcode op, long id, long offset, long length, long payloadLength) {
        return requestHeader(
                WireFormat.REQUEST_MAGIC, WireFormat.VERSION, op.code(), 0, id, offset, length, payloadLength);
    }

    static ByteBuf responseHeader(
            int magic, int version, int op, int status, int reserved, long id, long payloadLength) {
        return Unpooled.buffer(WireFormat.RESPONSE_HEADER_BYTES)
                .writeInt(magic)
                .writeByte(version)
                .writeByte(op)
                .writeByte(status)
                .writeByte(reserved)
                .writeLong(id)
                .writeInt((int) payloadLength);
    }

    static ByteBuf okHeader(Opcode op, long id, long payloadLength) {
        return responseHeader(WireFormat.RESPONSE_MAGIC, WireFormat.VERSION, op.code(), 0, 0, id, payloadLength);
    }
}
