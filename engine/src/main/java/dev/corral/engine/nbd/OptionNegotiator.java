package dev.corral.engine.nbd;

import static dev.corral.engine.nbd.NbdProtocol.*;

import dev.corral.engine.block.BlockDevice;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Answers the options of one connection's fixed newstyle handshake and keeps what they negotiate
 * (structured replies, the selected metadata context). Framing is {@link HandshakeHandler}'s job;
 * this class sees one complete option at a time and writes its replies without flushing.
 */
final class OptionNegotiator {
    /** Context id handed out for base:allocation by NBD_OPT_SET_META_CONTEXT; 0 means none. */
    static final int ALLOCATION_CONTEXT_ID = 1;

    private final ExportRegistry exports;
    /** The server offers TLS, and then demands it: no export is served in plain text. */
    private final boolean tlsRequired;

    private boolean tlsActive;
    private boolean noZeroes;
    private boolean structuredReplies;
    /** Export named by the last successful SET_META_CONTEXT that selected base:allocation. */
    private String allocationContextExport;

    OptionNegotiator(ExportRegistry exports, boolean tlsRequired) {
        this.exports = exports;
        this.tlsRequired = tlsRequired;
    }

    void clientFlags(int flags) {
        noZeroes = (flags & CLIENT_FLAG_NO_ZEROES) != 0;
    }

    OptionOutcome handle(ChannelHandlerContext ctx, int option, ByteBuf data) {
        if (tlsRequired && !tlsActive && option != OPT_STARTTLS && option != OPT_ABORT) {
            return tlsFirst(ctx, option);
        }
        try {
            return switch (option) {
                case OPT_EXPORT_NAME -> exportName(ctx, data);
                case OPT_ABORT -> {
                    // The spec asks servers to ignore any data sent with ABORT.
                    OptionReplies.ack(ctx, option);
                    yield OptionOutcome.CLOSE;
                }
                case OPT_LIST -> list(ctx, data);
                case OPT_INFO, OPT_GO -> infoOrGo(ctx, option, new OptionData(data));
                case OPT_STRUCTURED_REPLY -> structuredReply(ctx, data);
                case OPT_LIST_META_CONTEXT -> listMetaContext(ctx, new OptionData(data));
                case OPT_SET_META_CONTEXT -> setMetaContext(ctx, new OptionData(data));
                case OPT_STARTTLS -> startTls(ctx, data);
                case OPT_EXTENDED_HEADERS -> unsupported(ctx, option, "extended headers are not supported");
                default -> unsupported(ctx, option, "unknown option " + Integer.toUnsignedString(option));
            };
        } catch (OptionData.Malformed e) {
            OptionReplies.error(ctx, option, REP_ERR_INVALID, "malformed option data: " + e.getMessage());
            return OptionOutcome.CONTINUE;
        }
    }

    /**
     * Before TLS a TLS-only server answers nothing but STARTTLS and ABORT. EXPORT_NAME has no error
     * reply, so the spec has the server end the session.
     */
    private static OptionOutcome tlsFirst(ChannelHandlerContext ctx, int option) {
        if (option == OPT_EXPORT_NAME) {
            return OptionOutcome.CLOSE;
        }
        OptionReplies.error(ctx, option, REP_ERR_TLS_REQD, "this server requires TLS: send NBD_OPT_STARTTLS first");
        return OptionOutcome.CONTINUE;
    }

    private OptionOutcome startTls(ChannelHandlerContext ctx, ByteBuf data) {
        if (!tlsRequired) {
            return unsupported(ctx, OPT_STARTTLS, "TLS is not offered on this export's address");
        }
        if (tlsActive) {
            OptionReplies.error(ctx, OPT_STARTTLS, REP_ERR_INVALID, "TLS is already in use");
            return OptionOutcome.CONTINUE;
        }
        if (data.isReadable()) {
            OptionReplies.error(ctx, OPT_STARTTLS, REP_ERR_INVALID, "NBD_OPT_STARTTLS takes no data");
            return OptionOutcome.CONTINUE;
        }
        tlsActive = true;
        // Whatever was negotiated in plain text counts for nothing once TLS starts.
        structuredReplies = false;
        allocationContextExport = null;
        return OptionOutcome.START_TLS;
    }

    /** The option's data was longer than the server accepts; it has been skipped unread. */
    OptionOutcome tooBig(ChannelHandlerContext ctx, int option, long length, int limit) {
        OptionReplies.error(
                ctx, option, REP_ERR_TOO_BIG, "option data of " + length + " bytes exceeds the limit of " + limit);
        return OptionOutcome.CONTINUE;
    }

    private OptionOutcome exportName(ChannelHandlerContext ctx, ByteBuf data) {
        // NBD_OPT_EXPORT_NAME has no error reply: an export we cannot serve ends the session.
        if (data.readableBytes() > MAX_STRING_LENGTH) {
            return OptionOutcome.CLOSE;
        }
        String name = data.toString(StandardCharsets.UTF_8);
        Optional<BlockDevice> device = exports.find(name);
        if (device.isEmpty()) {
            return OptionOutcome.CLOSE;
        }
        TransmissionSession session = session(name, device.get());
        OptionReplies.exportNameReply(ctx, session.device().size(), session.transmissionFlags(), noZeroes);
        return new OptionOutcome.EnterTransmission(session);
    }

    private OptionOutcome list(ChannelHandlerContext ctx, ByteBuf data) {
        if (data.isReadable()) {
            OptionReplies.error(ctx, OPT_LIST, REP_ERR_INVALID, "NBD_OPT_LIST takes no data");
            return OptionOutcome.CONTINUE;
        }
        for (String name : exports.exportNames()) {
            byte[] encoded = name.getBytes(StandardCharsets.UTF_8);
            if (encoded.length <= MAX_STRING_LENGTH) {
                byte[] description = exports.description(name)
                        .map(text -> Utf8.truncate(text, MAX_STRING_LENGTH))
                        .orElse(new byte[0]);
                OptionReplies.server(ctx, OPT_LIST, encoded, description);
            }
        }
        OptionReplies.ack(ctx, OPT_LIST);
        return OptionOutcome.CONTINUE;
    }

    private OptionOutcome infoOrGo(ChannelHandlerContext ctx, int option, OptionData data) {
        String name = data.readPrefixedString("export name");
        int requestCount = data.readUnsignedShort("number of information requests");
        if (data.remaining() != 2 * requestCount) {
            throw new OptionData.Malformed(requestCount + " information requests need " + 2 * requestCount
                    + " bytes, got " + data.remaining());
        }
        boolean wantsName = false;
        boolean wantsDescription = false;
        for (int i = 0; i < requestCount; i++) {
            // Unknown information types are ignored, as the spec requires; block size is always sent.
            switch (data.readUnsignedShort("information request")) {
                case INFO_NAME -> wantsName = true;
                case INFO_DESCRIPTION -> wantsDescription = true;
                default -> {}
            }
        }
        Optional<BlockDevice> device = exports.find(name);
        if (device.isEmpty()) {
            OptionReplies.error(ctx, option, REP_ERR_UNKNOWN, "no export named '" + name + "'");
            return OptionOutcome.CONTINUE;
        }
        TransmissionSession session = session(name, device.get());
        OptionReplies.infoExport(ctx, option, session.device().size(), session.transmissionFlags());
        OptionReplies.infoBlockSize(ctx, option);
        if (wantsName) {
            OptionReplies.infoText(ctx, option, INFO_NAME, name);
        }
        if (wantsDescription) {
            exports.description(name).ifPresent(text -> OptionReplies.infoText(ctx, option, INFO_DESCRIPTION, text));
        }
        OptionReplies.ack(ctx, option);
        return option == OPT_GO ? new OptionOutcome.EnterTransmission(session) : OptionOutcome.CONTINUE;
    }

    private OptionOutcome structuredReply(ChannelHandlerContext ctx, ByteBuf data) {
        if (data.isReadable()) {
            OptionReplies.error(ctx, OPT_STRUCTURED_REPLY, REP_ERR_INVALID, "NBD_OPT_STRUCTURED_REPLY takes no data");
            return OptionOutcome.CONTINUE;
        }
        structuredReplies = true;
        OptionReplies.ack(ctx, OPT_STRUCTURED_REPLY);
        return OptionOutcome.CONTINUE;
    }

    private OptionOutcome listMetaContext(ChannelHandlerContext ctx, OptionData data) {
        MetaContextQuery query = MetaContextQuery.parse(data, true);
        if (!structuredReplies) {
            OptionReplies.error(
                    ctx,
                    OPT_LIST_META_CONTEXT,
                    REP_ERR_INVALID,
                    "negotiate structured replies before metadata contexts");
            return OptionOutcome.CONTINUE;
        }
        if (exports.find(query.exportName()).isEmpty()) {
            OptionReplies.error(
                    ctx, OPT_LIST_META_CONTEXT, REP_ERR_UNKNOWN, "no export named '" + query.exportName() + "'");
            return OptionOutcome.CONTINUE;
        }
        if (query.matchesAllocation()) {
            // Ids in a list reply are reserved; the spec asks for zero.
            OptionReplies.metaContext(ctx, OPT_LIST_META_CONTEXT, 0, BASE_ALLOCATION);
        }
        OptionReplies.ack(ctx, OPT_LIST_META_CONTEXT);
        return OptionOutcome.CONTINUE;
    }

    private OptionOutcome setMetaContext(ChannelHandlerContext ctx, OptionData data) {
        // The selection is replaced even when this request fails.
        allocationContextExport = null;
        MetaContextQuery query = MetaContextQuery.parse(data, false);
        if (!structuredReplies) {
            OptionReplies.error(
                    ctx,
                    OPT_SET_META_CONTEXT,
                    REP_ERR_INVALID,
                    "negotiate structured replies before metadata contexts");
            return OptionOutcome.CONTINUE;
        }
        if (exports.find(query.exportName()).isEmpty()) {
            OptionReplies.error(
                    ctx, OPT_SET_META_CONTEXT, REP_ERR_UNKNOWN, "no export named '" + query.exportName() + "'");
            return OptionOutcome.CONTINUE;
        }
        if (query.matchesAllocation()) {
            allocationContextExport = query.exportName();
            OptionReplies.metaContext(ctx, OPT_SET_META_CONTEXT, ALLOCATION_CONTEXT_ID, BASE_ALLOCATION);
        }
        OptionReplies.ack(ctx, OPT_SET_META_CONTEXT);
        return OptionOutcome.CONTINUE;
    }

    private static OptionOutcome unsupported(ChannelHandlerContext ctx, int option, String message) {
        OptionReplies.error(ctx, option, REP_ERR_UNSUP, message);
        return OptionOutcome.CONTINUE;
    }

    /**
     * Block status is only allowed when the last SET_META_CONTEXT named the same export the client
     * now enters transmission with.
     */
    private TransmissionSession session(String name, BlockDevice device) {
        int contextId = name.equals(allocationContextExport) ? ALLOCATION_CONTEXT_ID : 0;
        return new TransmissionSession(
                name, device, structuredReplies, contextId, TransmissionSession.transmissionFlags(structuredReplies));
    }
}
