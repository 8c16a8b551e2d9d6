package dev.corral.engine.nbd;

/**
 * Wire constants of the NBD protocol (NetworkBlockDevice/nbd doc/proto.md), fixed newstyle
 * handshake with compact (non-extended) headers. All multi-byte fields are big-endian.
 */
final class NbdProtocol {
    private NbdProtocol() {}

    // Handshake magics.
    static final long NBDMAGIC = 0x4e42444d41474943L;
    static final long IHAVEOPT = 0x49484156454F5054L;
    static final long OPTION_REPLY_MAGIC = 0x3e889045565a9L;

    // Handshake flags (server) and client flags.
    static final int FLAG_FIXED_NEWSTYLE = 1;
    static final int FLAG_NO_ZEROES = 1 << 1;
    static final int CLIENT_FLAG_FIXED_NEWSTYLE = 1;
    static final int CLIENT_FLAG_NO_ZEROES = 1 << 1;
    static final int KNOWN_CLIENT_FLAGS = CLIENT_FLAG_FIXED_NEWSTYLE | CLIENT_FLAG_NO_ZEROES;

    // Transmission flags. READ_ONLY, ROTATIONAL, SEND_CACHE and SEND_FAST_ZERO are never advertised.
    static final int FLAG_HAS_FLAGS = 1;
    static final int FLAG_SEND_FLUSH = 1 << 2;
    static final int FLAG_SEND_FUA = 1 << 3;
    static final int FLAG_SEND_TRIM = 1 << 5;
    static final int FLAG_SEND_WRITE_ZEROES = 1 << 6;
    static final int FLAG_SEND_DF = 1 << 7;
    static final int FLAG_CAN_MULTI_CONN = 1 << 8;

    // Options.
    static final int OPT_EXPORT_NAME = 1;
    static final int OPT_ABORT = 2;
    static final int OPT_LIST = 3;
    static final int OPT_STARTTLS = 5;
    static final int OPT_INFO = 6;
    static final int OPT_GO = 7;
    static final int OPT_STRUCTURED_REPLY = 8;
    static final int OPT_LIST_META_CONTEXT = 9;
    static final int OPT_SET_META_CONTEXT = 10;
    static final int OPT_EXTENDED_HEADERS = 11;

    // Option reply types; errors have bit 31 set.
    static final int REP_ACK = 1;
    static final int REP_SERVER = 2;
    static final int REP_INFO = 3;
    static final int REP_META_CONTEXT = 4;
    static final int REP_ERR_UNSUP = 0x80000001;
    static final int REP_ERR_INVALID = 0x80000003;
    static final int REP_ERR_TLS_REQD = 0x80000005;
    static final int REP_ERR_UNKNOWN = 0x80000006;
    static final int REP_ERR_TOO_BIG = 0x80000009;

    // NBD_REP_INFO information types.
    static final int INFO_EXPORT = 0;
    static final int INFO_NAME = 1;
    static final int INFO_DESCRIPTION = 2;
    static final int INFO_BLOCK_SIZE = 3;

    // Transmission phase.
    static final int REQUEST_MAGIC = 0x25609513;
    static final int SIMPLE_REPLY_MAGIC = 0x67446698;
    static final int STRUCTURED_REPLY_MAGIC = 0x668e33ef;
    static final int REQUEST_HEADER_LENGTH = 28;
    static final int SIMPLE_REPLY_HEADER_LENGTH = 16;
    static final int STRUCTURED_REPLY_HEADER_LENGTH = 20;

    // Command flags. FAST_ZERO (bit 4) is not accepted because SEND_FAST_ZERO is not advertised.
    static final int CMD_FLAG_FUA = 1;
    static final int CMD_FLAG_NO_HOLE = 1 << 1;
    static final int CMD_FLAG_DF = 1 << 2;
    static final int CMD_FLAG_REQ_ONE = 1 << 3;

    // Structured reply flags and chunk types.
    static final int REPLY_FLAG_DONE = 1;
    static final int REPLY_TYPE_NONE = 0;
    static final int REPLY_TYPE_OFFSET_DATA = 1;
    static final int REPLY_TYPE_OFFSET_HOLE = 2;
    static final int REPLY_TYPE_BLOCK_STATUS = 5;
    static final int REPLY_TYPE_ERROR = 0x8001;

    // base:allocation status flags.
    static final int STATE_HOLE = 1;
    static final int STATE_ZERO = 1 << 1;

    /** The only metadata context this server offers. */
    static final String BASE_ALLOCATION = "base:allocation";

    /**
     * Strings (export names, queries, messages) MUST be no longer than this; anything longer is
     * rejected before it is decoded.
     */
    static final int MAX_STRING_LENGTH = 4096;

    // Size constraints advertised with NBD_INFO_BLOCK_SIZE. These equal the spec's defaults, so
    // clients that never ask (NBD_OPT_EXPORT_NAME) are served the same way.
    static final int MIN_BLOCK_SIZE = 1;
    static final int PREFERRED_BLOCK_SIZE = 4096;
    static final int MAX_PAYLOAD = 32 * 1024 * 1024;
}
