package dev.corral.api.nbd;

/**
 * The numbers of the NBD protocol (NetworkBlockDevice/nbd doc/proto.md) that the client side
 * speaks. The engine's server defines its own from the same spec: the two are independent
 * implementations, and the engine's tests run this client against that server and nbdkit.
 */
final class ClientWire {
    static final long NBDMAGIC = 0x4e42444d41474943L;
    static final long IHAVEOPT = 0x49484156454F5054L;
    static final long OPTION_REPLY_MAGIC = 0x3e889045565a9L;
    static final int FLAG_FIXED_NEWSTYLE = 1;
    static final int FLAG_NO_ZEROES = 1 << 1;
    static final int CLIENT_FLAG_FIXED_NEWSTYLE = 1;
    static final int CLIENT_FLAG_NO_ZEROES = 1 << 1;
    static final int FLAG_SEND_FLUSH = 1 << 2;
    static final int FLAG_SEND_FUA = 1 << 3;
    static final int OPT_GO = 7;
    static final int REP_ACK = 1;
    static final int REP_INFO = 3;
    static final int INFO_EXPORT = 0;
    static final int REQUEST_MAGIC = 0x25609513;
    static final int SIMPLE_REPLY_MAGIC = 0x67446698;
    static final int CMD_FLAG_FUA = 1;
    static final int MAX_STRING_LENGTH = 4096;

    private ClientWire() {}
}
