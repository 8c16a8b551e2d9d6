package dev.corral.engine.nbd;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import java.nio.charset.StandardCharsets;

/**
 * Encodes handshake replies: fixed-newstyle option replies ({@code magic, option, type, length,
 * data}) and the reply that ends NBD_OPT_EXPORT_NAME. Writes without flushing; the caller flushes
 * once per option.
 */
final class OptionReplies {
    private static final int OPTION_REPLY_HEADER_LENGTH = 20;
    private static final int EXPORT_NAME_PADDING = 124;

    private OptionReplies() {}

    static void ack(ChannelHandlerContext ctx, int option) {
        ctx.write(header(ctx.alloc(), option, NbdProtocol.REP_ACK, 0));
    }

    /** An error reply; the message is shown to the user by clients such as nbdinfo. */
    static void error(ChannelHandlerContext ctx, int option, int errorType, String message) {
        byte[] text = Utf8.truncate(message, NbdProtocol.MAX_STRING_LENGTH);
        ByteBuf reply = header(ctx.alloc(), option, errorType, text.length);
        ctx.write(reply.writeBytes(text));
    }

    /**
     * NBD_REP_SERVER: one export of an NBD_OPT_LIST answer. Bytes after the name are, per the spec,
     * a human-readable string; clients such as libnbd show them as the export's description.
     */
    static void server(ChannelHandlerContext ctx, int option, byte[] name, byte[] description) {
        ByteBuf reply = header(ctx.alloc(), option, NbdProtocol.REP_SERVER, 4 + name.length + description.length);
        ctx.write(reply.writeInt(name.length).writeBytes(name).writeBytes(description));
    }

    static void infoExport(ChannelHandlerContext ctx, int option, long size, int transmissionFlags) {
        ByteBuf reply = header(ctx.alloc(), option, NbdProtocol.REP_INFO, 12);
        ctx.write(reply.writeShort(NbdProtocol.INFO_EXPORT).writeLong(size).writeShort(transmissionFlags));
    }

    static void infoBlockSize(ChannelHandlerContext ctx, int option) {
        ByteBuf reply = header(ctx.alloc(), option, NbdProtocol.REP_INFO, 14);
        ctx.write(reply.writeShort(NbdProtocol.INFO_BLOCK_SIZE)
                .writeInt(NbdProtocol.MIN_BLOCK_SIZE)
                .writeInt(NbdProtocol.PREFERRED_BLOCK_SIZE)
                .writeInt(NbdProtocol.MAX_PAYLOAD));
    }

    /** NBD_INFO_NAME or NBD_INFO_DESCRIPTION: an information type followed by a string. */
    static void infoText(ChannelHandlerContext ctx, int option, int infoType, String text) {
        byte[] bytes = Utf8.truncate(text, NbdProtocol.MAX_STRING_LENGTH);
        ByteBuf reply = header(ctx.alloc(), option, NbdProtocol.REP_INFO, 2 + bytes.length);
        ctx.write(reply.writeShort(infoType).writeBytes(bytes));
    }

    static void metaContext(ChannelHandlerContext ctx, int option, int contextId, String name) {
        int length = ByteBufUtil.utf8Bytes(name);
        ByteBuf reply = header(ctx.alloc(), option, NbdProtocol.REP_META_CONTEXT, 4 + length);
        reply.writeInt(contextId).writeCharSequence(name, StandardCharsets.UTF_8);
        ctx.write(reply);
    }

    /** The reply to NBD_OPT_EXPORT_NAME: size, flags and, unless the client opted out, 124 zeroes. */
    static void exportNameReply(ChannelHandlerContext ctx, long size, int transmissionFlags, boolean noZeroes) {
        int padding = noZeroes ? 0 : EXPORT_NAME_PADDING;
        ByteBuf reply = ctx.alloc().buffer(10 + padding);
        reply.writeLong(size).writeShort(transmissionFlags).writeZero(padding);
        ctx.write(reply);
    }

    /** The server's opening: magic, IHAVEOPT and the handshake flags it supports. */
    static ByteBuf greeting(ByteBufAllocator alloc) {
        return alloc.buffer(18)
                .writeLong(NbdProtocol.NBDMAGIC)
                .writeLong(NbdProtocol.IHAVEOPT)
                .writeShort(NbdProtocol.FLAG_FIXED_NEWSTYLE | NbdProtocol.FLAG_NO_ZEROES);
    }

    private static ByteBuf header(ByteBufAllocator alloc, int option, int replyType, int dataLength) {
        return alloc.buffer(OPTION_REPLY_HEADER_LENGTH + dataLength)
                .writeLong(NbdProtocol.OPTION_REPLY_MAGIC)
                .writeInt(option)
                .writeInt(replyType)
                .writeInt(dataLength);
    }
}
