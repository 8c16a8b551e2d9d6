package dev.corral.engine.nbd;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;

/**
 * The client side of the wire, written independently of the server's encoders from the spec's
 * layouts: builds client messages and parses server messages, for tests.
 */
final class NbdWire {
    static final long NBDMAGIC = 0x4e42444d41474943L;
    static final long IHAVEOPT = 0x49484156454F5054L;
    static final long OPTION_REPLY_MAGIC = 0x3e889045565a9L;
    static final int REQUEST_MAGIC = 0x25609513;
    static final int SIMPLE_REPLY_MAGIC = 0x67446698;
    static final int STRUCTURED_REPLY_MAGIC = 0x668e33ef;

    private NbdWire() {}

    static byte[] clientFlags(int flags) {
        return Unpooled.buffer(4).writeInt(flags).array();
    }

    static byte[] option(int option, byte[] data) {
        ByteBuf buf = Unpooled.buffer(16 + data.length);
        buf.writeLong(IHAVEOPT).writeInt(option).writeInt(data.length).writeBytes(data);
        return bytes(buf);
    }

    static byte[] optionHeader(int option, long declaredLength) {
        ByteBuf buf = Unpooled.buffer(16);
        buf.writeLong(IHAVEOPT).writeInt(option).writeInt((int) declaredLength);
        return bytes(buf);
    }

    /** Data of NBD_OPT_INFO / NBD_OPT_GO. */
    static byte[] goData(String exportName, int... infoRequests) {
        byte[] name = exportName.getBytes(StandardCharsets.UTF_8);
        ByteBuf buf = Unpooled.buffer();
        buf.writeInt(name.length).writeBytes(name).writeShort(infoRequests.length);
        for (int info : infoRequests) {
            buf.writeShort(info);
        }
        return bytes(buf);
    }

    /** Data of NBD_OPT_LIST_META_CONTEXT / NBD_OPT_SET_META_CONTEXT. */
    static byte[] metaContextData(String exportName, String... queries) {
        byte[] name = exportName.getBytes(StandardCharsets.UTF_8);
        ByteBuf buf = Unpooled.buffer();
        buf.writeInt(name.length).writeBytes(name).writeInt(queries.length);
        for (String query : queries) {
            byte[] q = query.getBytes(StandardCharsets.UTF_8);
            buf.writeInt(q.length).writeBytes(q);
        }
        return bytes(buf);
    }

    static byte[] request(int flags, int type, long handle, long offset, long length) {
        return request(flags, type, handle, offset, length, new byte[0]);
    }

    static byte[] request(int flags, int type, long handle, long offset, long length, byte[] payload) {
        ByteBuf buf = Unpooled.buffer(28 + payload.length);
        buf.writeInt(REQUEST_MAGIC)
                .writeShort(flags)
                .writeShort(type)
                .writeLong(handle)
                .writeLong(offset)
                .writeInt((int) length)
                .writeBytes(payload);
        return bytes(buf);
    }

    record OptionReply(int option, int type, byte[] data) {
        String text() {
            return new String(data, StandardCharsets.UTF_8);
        }
    }

    static OptionReply readOptionReply(ByteBuf in) {
        assertThat(in.readableBytes()).as("option reply header").isGreaterThanOrEqualTo(20);
        assertThat(in.readLong()).as("option reply magic").isEqualTo(OPTION_REPLY_MAGIC);
        int option = in.readInt();
        int type = in.readInt();
        int length = in.readInt();
        byte[] data = new byte[length];
        in.readBytes(data);
        return new OptionReply(option, type, data);
    }

    record SimpleReply(int error, long handle) {}

    static SimpleReply readSimpleReply(ByteBuf in) {
        assertThat(in.readInt()).as("simple reply magic").isEqualTo(SIMPLE_REPLY_MAGIC);
        return new SimpleReply(in.readInt(), in.readLong());
    }

    record Chunk(int flags, int type, long handle, byte[] payload) {
        boolean done() {
            return (flags & 1) != 0;
        }

        ByteBuf payloadBuffer() {
            return Unpooled.wrappedBuffer(payload);
        }

        int errorCode() {
            return payloadBuffer().readInt();
        }

        String errorMessage() {
            ByteBuf buf = payloadBuffer();
            buf.skipBytes(4);
            int length = buf.readUnsignedShort();
            return buf.toString(buf.readerIndex(), length, StandardCharsets.UTF_8);
        }
    }

    static Chunk readChunk(ByteBuf in) {
        assertThat(in.readInt()).as("structured reply magic").isEqualTo(STRUCTURED_REPLY_MAGIC);
        int flags = in.readUnsignedShort();
        int type = in.readUnsignedShort();
        long handle = in.readLong();
        byte[] payload = new byte[in.readInt()];
        in.readBytes(payload);
        return new Chunk(flags, type, handle, payload);
    }

    /** The magic of the next reply without consuming it. */
    static int peekMagic(ByteBuf in) {
        return in.getInt(in.readerIndex());
    }

    private static byte[] bytes(ByteBuf buf) {
        byte[] out = new byte[buf.readableBytes()];
        buf.readBytes(out);
        return out;
    }
}
